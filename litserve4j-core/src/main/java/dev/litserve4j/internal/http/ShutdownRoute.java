package dev.litserve4j.internal.http;

import dev.litserve4j.Callback.ShutdownOutcome;
import dev.litserve4j.HttpError;
import dev.litserve4j.internal.auth.BearerTokenAuthenticator;
import dev.litserve4j.internal.auth.FailedAttemptLimiter;
import dev.litserve4j.internal.auth.ShutdownKey;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST <shutdownPath>}: checks the bearer key (rate-limited per client and server-wide),
 * audits every attempt, and on the right key answers 200 and starts the graceful shutdown. Ignores
 * {@code X-API-Key}: the shutdown key is the only credential here.
 *
 * <p>The rate limit is checked on the event loop, so refused floods cost no more than that. A key in
 * memory is checked there too; a key file is checked on {@link #keyCheckExecutor() one thread of its
 * own}, which answers the exchange itself. An attempt counts as a failure from the moment the limiter
 * lets it in ({@link FailedAttemptLimiter#admit}) and is given back when it turns out not to be one, so
 * the attempts waiting for the key thread count against the limits too.
 */
public final class ShutdownRoute implements Route.RouteHandler {

    private static final Logger log = LoggerFactory.getLogger("dev.litserve4j.audit");
    static final byte[] ACCEPTED_BODY = "Server is initiating graceful shutdown.".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer");
    /** Key checks waiting for the key thread; an operator sends one, so more are a flood. */
    static final int KEY_CHECK_QUEUE = 16;
    private static final long KEY_THREAD_IDLE_SECONDS = 1;

    private final BearerTokenAuthenticator authenticator;
    private final FailedAttemptLimiter limiter;
    private final BiConsumer<InetSocketAddress, ShutdownOutcome> audit;
    private final Runnable shutdown;
    private final ExecutorService keyChecks; // null when the key is in memory

    /**
     * @param audit told of every attempt (the server fires the callback event)
     * @param shutdown starts the graceful shutdown; idempotent
     */
    public ShutdownRoute(BearerTokenAuthenticator authenticator, FailedAttemptLimiter limiter,
            BiConsumer<InetSocketAddress, ShutdownOutcome> audit, Runnable shutdown) {
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.audit = audit;
        this.shutdown = shutdown;
        this.keyChecks = authenticator.mayBlock() ? keyCheckExecutor() : null;
    }

    public static Route route(String path, ShutdownRoute handler) {
        return new Route(path, Set.of(HttpMethod.POST), false, handler);
    }

    /**
     * One daemon thread that ends when idle, so none is left behind once the server stops (nor needs
     * stopping), and a bounded queue: past it, {@code execute} throws {@link RejectedExecutionException}.
     */
    static ExecutorService keyCheckExecutor() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, KEY_THREAD_IDLE_SECONDS, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(KEY_CHECK_QUEUE), task -> {
                    Thread thread = new Thread(task, "litserve4j-shutdown-key");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    @Override
    public void handle(HttpExchange exchange) {
        InetSocketAddress client = (InetSocketAddress) exchange.remoteAddress();
        FailedAttemptLimiter.Attempt attempt = limiter.admit(client.getAddress());
        if (!attempt.allowed()) {
            FailedAttemptLimiter.Verdict verdict = attempt.verdict();
            record(client, ShutdownOutcome.RATE_LIMITED, null);
            long retryAfter = verdict.retryAfterSeconds();
            throw new HttpError(429, verdict.serverWide()
                    ? "Too many failed shutdown attempts on this server: the server-wide limit was reached, "
                            + "for every address; retry after " + retryAfter + " s"
                    : "Too many failed shutdown attempts from this address; retry after " + retryAfter + " s",
                    Map.of("Retry-After", Long.toString(retryAfter)));
        }
        String authorization = exchange.header(HttpHeaderNames.AUTHORIZATION.toString());
        if (keyChecks == null) {
            check(exchange, client, authorization, attempt); // its HttpError is sent by the caller
            return;
        }
        try {
            keyChecks.execute(() -> {
                try {
                    check(exchange, client, authorization, attempt);
                } catch (RuntimeException e) {
                    exchange.sendError(e);
                }
            });
        } catch (RejectedExecutionException full) {
            attempt.giveBack(); // not checked, so not a failure
            record(client, ShutdownOutcome.RATE_LIMITED, "too many attempts being checked at once");
            throw new HttpError(503, "Too many shutdown attempts are being checked at once; retry shortly",
                    Map.of("Retry-After", "1"));
        }
    }

    /**
     * Checks the key and answers 200, or throws the HttpError to answer with. The attempt stays
     * counted as a failure only when the key was missing, malformed or wrong.
     */
    private void check(HttpExchange exchange, InetSocketAddress client, String authorization,
            FailedAttemptLimiter.Attempt attempt) {
        ShutdownOutcome outcome;
        try {
            outcome = authenticator.check(authorization);
        } catch (ShutdownKey.UnavailableException e) {
            attempt.giveBack();
            record(client, ShutdownOutcome.KEY_UNAVAILABLE, e.getMessage());
            throw new HttpError(503, "The shutdown key is unavailable, so no shutdown can be accepted; "
                    + "the server log says why");
        } catch (RuntimeException e) {
            attempt.giveBack();
            throw e;
        }
        record(client, outcome, null);
        switch (outcome) {
            case ACCEPTED:
                attempt.giveBack();
                exchange.send(200, HttpExchange.TEXT, ACCEPTED_BODY, Map.of());
                shutdown.run();
                return;
            case MISSING_KEY:
                throw new HttpError(401, "Not authenticated: send 'Authorization: Bearer <shutdown key>'", CHALLENGE);
            case MALFORMED_KEY:
                throw new HttpError(401, "Malformed Authorization header: expected 'Bearer <shutdown key>'", CHALLENGE);
            default:
                throw new HttpError(401, "Invalid Bearer token for Shutdown API. Check that you are passing a correct "
                        + "'Authorization: Bearer <SHUTDOWN_API_KEY>' in your header.", CHALLENGE);
        }
    }

    private void record(InetSocketAddress client, ShutdownOutcome outcome, String reason) {
        String address = client.getAddress().getHostAddress() + ":" + client.getPort();
        if (reason == null) {
            log.warn("shutdown attempt at {} from {}: {}", Instant.now(), address, outcome);
        } else if (outcome == ShutdownOutcome.KEY_UNAVAILABLE) {
            log.error("shutdown attempt at {} from {}: {} ({})", Instant.now(), address, outcome, reason);
        } else {
            log.warn("shutdown attempt at {} from {}: {} ({})", Instant.now(), address, outcome, reason);
        }
        audit.accept(client, outcome);
    }
}
