package dev.litserve4j.internal.http;

import dev.litserve4j.HttpError;
import dev.litserve4j.RequestContext;
import dev.litserve4j.internal.auth.ApiKeyAuthenticator;
import dev.litserve4j.internal.metrics.Rejection;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.IdentityHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides each request from its head, before any of its body is read: a malformed head or target,
 * an unknown route, a wrong method, a missing or wrong {@code X-API-Key}, or a declared body over the
 * limit, or a refusal by the API's own {@code authorize}, is answered at once (and {@code Expect: 100-continue} gets that answer instead of 100), and
 * its body is dropped as it arrives, never aggregated. Routes that read no body are handled from the
 * head as well. Only a request its route will read reaches the aggregator, and only as long as the
 * server's {@link BodyBufferBudget} holds the part of its body read so far: past that it is refused
 * with 503 in its turn and the connection closes. Event-loop confined.
 */
final class RequestGate extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RequestGate.class);

    /** A refused body up to this size is read and dropped, keeping the connection; a larger one closes it. */
    static final long KEEP_ALIVE_DISCARD_BYTES = 64 * 1024;

    private final Routing routing;
    private final BodyAllowance allowance;
    private HttpRequest reading; // the head of the body being passed on to the aggregator
    private Route readingRoute;  // and its route
    private Route decidedRoute;  // the route of the request decide() just let through
    private long inMemoryLeft;   // of the body being read, what may still stay in memory (a form's rest is spooled)
    private boolean discarding; // dropping the body of a request answered from its head
    private boolean closing;    // the connection closes after an answer already decided: drop everything
    private boolean continueOwed; // a 100 Continue waits for the answers before its request
    private ChannelHandlerContext ctx;
    private RequestContext decidedContext; // what the route's own access check filled, for the request just decided
    // The contexts of requests an API's authorize let through, until their route takes them; keyed by the
    // request's headers, which its aggregated form shares.
    private final Map<HttpHeaders, RequestContext> authorized = new IdentityHashMap<>();
    // The decoded path and route of each request decided here, until RequestHandler takes them: the
    // target is decoded once per request. Keyed by the request's headers, like the contexts above.
    private final Map<HttpHeaders, Target> targets = new IdentityHashMap<>();

    /** What a request's target names: its decoded path (the raw target when that does not decode), its route or null. */
    record Target(String path, Route route) {
    }

    RequestGate(Routing routing, BodyBufferBudget bodyBuffers) {
        this.routing = routing;
        this.allowance = new BodyAllowance(bodyBuffers);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        allowance.end();
        authorized.clear();
        targets.clear();
    }

    /** The path and route decided for this request, once (event loop); null when it was not decided here. */
    Target takeTarget(HttpHeaders headers) {
        return targets.isEmpty() ? null : targets.remove(headers);
    }

    /**
     * The context the route's access check filled for this request, once (event loop); null when its
     * route has no check of its own.
     */
    RequestContext takeAuthorized(HttpHeaders headers) {
        return authorized.isEmpty() ? null : authorized.remove(headers);
    }

    /** The route of the body being passed on to the aggregator, or null (event loop). */
    Route readingRoute() {
        return reading == null ? null : readingRoute;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof GatedRequest) {
            // Decided upstream (a timeout): everything after it is dropped.
            closing |= ((GatedRequest) msg).closeAfter();
            discarding = false;
            reading = null;
            allowance.end();
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof HttpRequest) {
            if (closing) {
                ReferenceCountUtil.release(msg);
                return;
            }
            HttpRequest head = (HttpRequest) msg;
            decidedContext = null;
            GatedRequest decided = decide(head);
            allowance.end();
            if (decided == null) {
                if (decidedContext != null) {
                    authorized.put(head.headers(), decidedContext);
                    decidedContext = null;
                }
                if (HttpUtil.is100ContinueExpected(head)) {
                    head.headers().remove(HttpHeaderNames.EXPECT); // answered here, never by the aggregator
                    continueOwed = true;
                    RequestHandler handler = ctx.pipeline().get(RequestHandler.class);
                    if (handler == null || handler.isIdle()) {
                        sendOwedContinue();
                    }
                }
                reading = msg instanceof LastHttpContent ? null : head;
                readingRoute = reading == null ? null : decidedRoute;
                inMemoryLeft = readingRoute != null && BodySpooler.spools(ctx.pipeline(), readingRoute)
                        ? dev.litserve4j.internal.form.FormDecoder.MEMORY_THRESHOLD : Long.MAX_VALUE;
                ctx.fireChannelRead(msg);
                return;
            }
            discarding = !(msg instanceof LastHttpContent);
            closing = decided.closeAfter();
            ReferenceCountUtil.release(msg);
            ctx.fireChannelRead(decided);
            return;
        }
        if (msg instanceof HttpContent) {
            continueOwed = false; // the body came without waiting for it
        }
        if (msg instanceof HttpContent && (discarding || closing)) {
            if (msg instanceof LastHttpContent) {
                discarding = false;
            }
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpContent && reading != null) {
            // Only the bytes held in memory count against the server's budget, not those spooled to disk.
            int held = (int) Math.min(((HttpContent) msg).content().readableBytes(), inMemoryLeft);
            inMemoryLeft -= held;
            if (!allowance.take(held)) {
                ReferenceCountUtil.release(msg);
                refuseBuffering(ctx);
                return;
            }
            if (msg instanceof LastHttpContent) {
                reading = null;
                allowance.end();
            }
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * The aggregator refused the body being read (413): its bytes are dropped, so they hold no budget.
     * Returns the answer, in the words of the body's route.
     */
    HttpError bodyRefused() {
        long limit = routing.maxBodyBytes() < 0 ? Integer.MAX_VALUE : routing.maxBodyBytes();
        HttpError answer = readingRoute == null ? tooLarge() : readingRoute.tooLarge(limit);
        if (reading != null) {
            authorized.remove(reading.headers());
        }
        reading = null;
        readingRoute = null;
        allowance.end();
        return answer;
    }

    /**
     * The body being read no longer fits the server's budget: the aggregator is removed (dropping what
     * it gathered of this body, now rather than at the close), the request is answered 503 in its
     * turn, and the rest of the connection is dropped.
     */
    private void refuseBuffering(ChannelHandlerContext ctx) {
        HttpRequest head = reading;
        reading = null;
        closing = true;
        authorized.remove(head.headers());
        PayloadLimitAggregator aggregator = ctx.pipeline().get(PayloadLimitAggregator.class);
        if (aggregator != null) {
            ctx.pipeline().remove(aggregator);
        }
        if (log.isDebugEnabled()) {
            log.debug("request {}: body refused: the server holds too many large bodies at once", idOf(head));
        }
        ctx.fireChannelRead(GatedRequest.rejected(head, tooManyBodies(), true));
    }

    private static HttpError tooManyBodies() {
        return new Refusal(Rejection.BODY_BUFFER_FULL, 503,
                "The server is reading too many large request bodies at once; retry later", Map.of("Retry-After", "1"));
    }

    /** The answer decided from the head, or null when the route reads the body. */
    private GatedRequest decide(HttpRequest head) {
        if (head.decoderResult().isFailure()) {
            Throwable cause = head.decoderResult().cause();
            if (log.isDebugEnabled()) {
                log.debug("request {}: malformed request head: {}", idOf(head), cause.toString());
            }
            return GatedRequest.malformed(head, "Malformed HTTP request: " + cause.getMessage());
        }
        if (head.protocolVersion().majorVersion() != 1) {
            return GatedRequest.rejected(head, new HttpError(505, "HTTP version " + head.protocolVersion().text()
                    + " is not supported: send HTTP/1.1"), true);
        }
        String path;
        try {
            path = RequestTarget.path(head.uri());
        } catch (IllegalArgumentException e) {
            if (log.isDebugEnabled()) {
                log.debug("request {}: malformed request target: {}", idOf(head), e.getMessage());
            }
            target(head, head.uri());
            return GatedRequest.malformed(head, e.getMessage());
        }
        Route route = target(head, path);
        if (head.protocolVersion().minorVersion() >= 1 && head.headers().getAll(HttpHeaderNames.HOST).size() != 1) {
            return GatedRequest.malformed(head, "An HTTP/1.1 request must carry exactly one Host header");
        }
        if (route == null) {
            return reject(head, new HttpError(404, "Not Found"));
        }
        if (!route.methods().contains(head.method())) {
            return reject(head, new HttpError(405, "Method Not Allowed", Map.of("Allow", route.allowHeader())));
        }
        if (route.authorizer() != null) {
            try {
                decidedContext = route.authorizer().authorize(path, head.headers());
            } catch (HttpError e) {
                return reject(head, e);
            } catch (RuntimeException e) {
                log.error("request {}: the access check of {} failed", idOf(head), path, e);
                return reject(head, new HttpError(500, "Internal server error"));
            }
        } else if (route.apiKeyProtected() && routing.apiKey() != null) {
            try {
                routing.apiKey().check(head.headers().get(ApiKeyAuthenticator.HEADER));
            } catch (HttpError e) {
                return reject(head, e);
            }
        }
        long declared = HttpUtil.getContentLength(head, -1L);
        // Without a limit, bodies are still aggregated into one buffer, which holds at most 2 GiB.
        long limit = routing.maxBodyBytes() < 0 ? Integer.MAX_VALUE : routing.maxBodyBytes();
        if (declared > limit) {
            return GatedRequest.rejected(head, route.tooLarge(limit), true);
        }
        String expect = head.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.trim())) {
            return GatedRequest.rejected(head, new HttpError(417, "Unsupported Expect header '" + expect
                    + "': only 100-continue is understood"), true);
        }
        if (!route.readsBody()) {
            return GatedRequest.headOnly(head);
        }
        String encoding = head.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding != null && !HttpHeaderValues.IDENTITY.contentEqualsIgnoreCase(encoding.trim())) {
            return reject(head, new HttpError(415, "Content-Encoding '" + encoding
                    + "' is not supported for request bodies: send the body uncompressed"));
        }
        if (route.body() != null) {
            HttpError refusal = route.body().refusal(head.headers().get(HttpHeaderNames.CONTENT_TYPE));
            if (refusal != null) {
                return reject(head, refusal);
            }
        }
        decidedRoute = route;
        return null;
    }

    /** Looks up the route on {@code path} and keeps both for the handler; returns the route, or null. */
    private Route target(HttpRequest head, String path) {
        Route route = routing.router().find(path);
        targets.put(head.headers(), new Target(path, route));
        return route;
    }

    /**
     * The request's id for a log line written before its exchange exists: assigned into its headers
     * now, so the exchange made later from them gets the same one (and the answer carries it).
     */
    private static String idOf(HttpRequest head) {
        return RequestIds.assign(head.headers());
    }

    /** True while a request's 100 Continue waits for the answers before it: its body is not yet due. */
    boolean continueOwed() {
        return continueOwed;
    }

    /**
     * Sends the {@code 100 Continue} a request asked for once every request before it is answered
     * (event loop; {@link RequestHandler} calls this when it has nothing left to answer), so that it
     * never overtakes an earlier answer. Answered here rather than by the aggregator for that reason.
     */
    void sendOwedContinue() {
        if (!continueOwed || closing) {
            return;
        }
        continueOwed = false;
        ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                Unpooled.EMPTY_BUFFER));
    }

    /** Refuses a request; its body is dropped, and when that body is large or unknown the connection closes. */
    private static GatedRequest reject(HttpRequest head, HttpError error) {
        long declared = HttpUtil.getContentLength(head, -1L);
        boolean chunked = HttpUtil.isTransferEncodingChunked(head);
        boolean bigBody = chunked || declared > KEEP_ALIVE_DISCARD_BYTES
                || (declared < 0 && head.headers().contains(HttpHeaderNames.TRANSFER_ENCODING));
        return GatedRequest.rejected(head, error, bigBody);
    }

    static HttpError tooLarge() {
        return new HttpError(413, "Payload too large");
    }
}
