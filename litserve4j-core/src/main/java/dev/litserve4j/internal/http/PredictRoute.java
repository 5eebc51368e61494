package dev.litserve4j.internal.http;

import dev.litserve4j.HttpError;
import dev.litserve4j.LitServer;
import dev.litserve4j.RequestContext;
import dev.litserve4j.internal.engine.CallbackDispatcher;
import dev.litserve4j.internal.engine.Endpoint;
import dev.litserve4j.internal.engine.ErrorMapping;
import dev.litserve4j.internal.engine.PendingRequest;
import dev.litserve4j.internal.engine.Reply;
import dev.litserve4j.internal.engine.RequestState;
import dev.litserve4j.internal.json.JsonCodec;
import dev.litserve4j.internal.engine.RequestTracker;
import dev.litserve4j.internal.metrics.ApiMeters;
import dev.litserve4j.internal.metrics.Rejection;
import java.time.Duration;
import java.util.Map;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST <apiPath>}: queues the request for the API's workers and records its deadline with the
 * event loop's {@link DeadlineSweeper}, so the client gets its 504 when its time is up, not when a
 * worker gets round to it.
 */
public final class PredictRoute implements Route.RouteHandler {

    private static final Logger log = LoggerFactory.getLogger(PredictRoute.class);
    static final HttpError TIMED_OUT = new Refusal(Rejection.TIMEOUT, 504, "Request timed out", Map.of());
    static final HttpError WARMING_UP = new Refusal(Rejection.WARMING_UP, 503,
            "Server is warming up and not ready yet; retry shortly", Map.of("Retry-After", "1"));

    private final Endpoint endpoint;
    private final Duration timeout;
    private final RequestTracker tracker;
    private final boolean trackRequests;
    private final CallbackDispatcher callbacks;
    private final LitServer server;
    private final HttpError queueFull;
    private final JsonCodec codec;
    private final WarmupTraffic warmup;
    private final ThreadLocal<DeadlineSweeper> sweepers = new ThreadLocal<>();

    public PredictRoute(Endpoint endpoint, Duration timeout, RequestTracker tracker, boolean trackRequests,
            CallbackDispatcher callbacks, LitServer server, JsonCodec codec, WarmupTraffic warmup) {
        this.endpoint = endpoint;
        this.warmup = warmup;
        this.codec = codec;
        this.timeout = timeout;
        this.tracker = tracker;
        this.trackRequests = trackRequests;
        this.callbacks = callbacks;
        this.server = server;
        this.queueFull = new Refusal(Rejection.QUEUE_FULL, 503, "Server is busy: the request queue of "
                + endpoint.config().path() + " is full; retry later", Map.of("Retry-After", "1"));
    }

    @Override
    public void handle(HttpExchange exchange) {
        java.nio.file.Path spool = BodySpooler.take(exchange); // the rest of a large form body, or null
        if (exchange.method().equals("OPTIONS")) {
            if (spool != null) {
                BodySpooler.delete(spool);
            }
            exchange.send(200, null, new byte[0], java.util.Map.of()); // CORS preflights of OpenAI clients
            return;
        }
        if (warmup.active()) {
            if (!warmup.isOwn(exchange.remoteAddress())) {
                if (spool != null) {
                    BodySpooler.delete(spool);
                }
                exchange.sendError(WARMING_UP); // /readyz says 503 meanwhile: no balancer sends here yet
                return;
            }
            exchange.markWarmup();
        }
        byte[] body = exchange.bodyBytes();
        RequestContext context = new RequestContext(exchange.path(), HeadAuthorizer.lowerCased(exchange.headers()));
        if (exchange.route().authorizer() != null) {
            RequestGate gate = exchange.channel().pipeline().get(RequestGate.class);
            RequestContext authorized = gate == null ? null : gate.takeAuthorized(exchange.headers());
            if (authorized != null) {
                context.attributes().putAll(authorized.attributes()); // what authorize learnt of the caller
            }
        }
        ApiMeters meters = exchange.isWarmup() ? ApiMeters.off() : endpoint.meters();
        submit(exchange, new PendingRequest(body, context, exchange.state(), new InFlight(exchange, context, meters))
                .spooled(spool));
    }

    /** True while the server's own warm-up runs and the API serves nobody else. */
    public boolean warmingUp() {
        return warmup.active();
    }

    /**
     * Queues {@code request}, made on {@code exchange}, for the API's workers: counted, given its deadline
     * and dropped when the client leaves, as a request to the API's path is. A request with its own
     * state and reply (an MCP tool call) is cut with the exchange; it answers the exchange itself.
     * Event loop.
     */
    public void submit(HttpExchange exchange, PendingRequest request) {
        boolean own = exchange.isWarmup();
        ApiMeters meters = own ? ApiMeters.off() : endpoint.meters();
        meters.started();
        int active = tracker.begin(); // counted even so: a stop drains the warm-up like any request
        if (!own) {
            callbacks.request(server, trackRequests ? active : null);
        }
        if (own) {
            request.unmetered();
        }
        if (callbacks.isEmpty() || own) {
            exchange.afterSuccess(null);
        } else {
            exchange.afterSuccess(() -> callbacks.response(server));
        }
        if (endpoint.isStopped()) {
            exchange.whenDone(() -> {
                tracker.end();
                meters.ended();
                request.abandon();
            });
            exchange.routing().counters().refusedStopping();
            request.fail(ErrorMapping.SHUTTING_DOWN);
            return;
        }
        if (timeout == null) {
            exchange.whenDone(() -> {
                tracker.end();
                meters.ended();
                request.abandon();
            });
        } else {
            EventLoop loop = exchange.channel().eventLoop();
            DeadlineSweeper sweeper = DeadlineSweeper.on(loop, sweepers);
            DeadlineSweeper.Deadline deadline = sweeper.add(System.nanoTime() + timeout.toNanos(), request, endpoint);
            exchange.whenDone(() -> {
                tracker.end();
                meters.ended();
                request.abandon();
                if (loop.inEventLoop()) {
                    sweeper.remove(deadline);
                } else {
                    loop.execute(() -> sweeper.remove(deadline)); // a stream cut from its worker
                }
            });
        }
        exchange.whenClientGone(exchangeWas -> {
            exchange.routing().counters().clientGone();
            int was = request.state() == exchange.state() ? exchangeWas : request.state().cut();
            if (was == RequestState.QUEUED) {
                exchange.routing().counters().droppedUnstarted();
                endpoint.remove(request); // free its slot now (a worker would skip it anyway)
            }
        });
        if (!endpoint.offer(request)) {
            request.fail(queueFull);
            return;
        }
        if (endpoint.isStopped() && endpoint.remove(request)) {
            // The endpoint stopped between the check above and the offer, after its queue was drained:
            // no worker will take this one.
            exchange.routing().counters().refusedStopping();
            request.fail(ErrorMapping.SHUTTING_DOWN);
            return;
        }
        log.debug("request {}: queued to {} from {}", exchange.requestId(), exchange.path(), exchange.remoteAddress());
    }

    /** Sends the engine's answer: a JSON body, an error, or a stream; every call claims through the state. */
    private final class InFlight implements Reply {

        private final HttpExchange exchange;
        private final RequestContext context;
        private final ApiMeters meters;
        private StreamSink stream;

        InFlight(HttpExchange exchange, RequestContext context, ApiMeters meters) {
            this.exchange = exchange;
            this.context = context;
            this.meters = meters;
        }

        @Override
        public void json(byte[] body) {
            exchange.sendJson(200, body);
        }

        @Override
        public boolean error(Throwable error) {
            return exchange.sendError(error);
        }

        @Override
        public boolean fail(Throwable error, boolean cut) {
            if (exchange.sendError(error)) {
                return true;
            }
            StreamSink open = openStream();
            return open != null && open.error(error, cut);
        }

        @Override
        public void chunk(Object encoded) throws InterruptedException {
            stream(true).chunk(encoded);
        }

        @Override
        public void endStream() {
            stream(false).end();
        }

        @Override
        public boolean isCancelled() {
            return !exchange.channel().isActive();
        }

        private synchronized StreamSink openStream() {
            return stream;
        }

        /** The stream, begun on its first chunk (timed as the first chunk) or at its end when it has none. */
        private synchronized StreamSink stream(boolean forAChunk) {
            if (stream == null) {
                if (forAChunk) {
                    meters.firstChunk(System.nanoTime() - exchange.startNanos());
                }
                stream = endpoint.spec() == null ? new StreamWriter(exchange, StreamFormat.NDJSON, codec)
                        : endpoint.spec().sink(exchange, context, codec);
            }
            return stream;
        }
    }
}
