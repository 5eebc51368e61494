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
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST <shutdownPath>}: checks the bearer key (rate-limited per client and server-wide),
 * audits every attempt, and on the right key answers 200 and starts the graceful shutdown. Ignores
 * {@code X-API-Key}: the shutdown key is the only credential here.
 */
public final class ShutdownRoute implements Route.RouteHandler {

    private static final Logger log = LoggerFactory.getLogger("dev.litserve4j.audit");
    static final byte[] ACCEPTED_BODY = "Server is initiating graceful shutdown.".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer");

    private final BearerTokenAuthenticator authenticator;
    private final FailedAttemptLimiter limiter;
    private final BiConsumer<InetSocketAddress, ShutdownOutcome> audit;
    private final Runnable shutdown;

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
    }

    public static Route route(String path, ShutdownRoute handler) {
        return new Route(path, Set.of(HttpMethod.POST), false, handler);
    }

    @Override
    public void handle(HttpExchange exchange) {
        InetSocketAddress client = (InetSocketAddress) exchange.remoteAddress();
        FailedAttemptLimiter.Verdict verdict = limiter.check(client.getAddress());
        if (!verdict.allowed()) {
            record(client, ShutdownOutcome.RATE_LIMITED, null);
            long retryAfter = verdict.retryAfterSeconds();
            throw new HttpError(429, verdict.serverWide()
                    ? "Too many failed shutdown attempts on this server: the server-wide limit was reached, "
                            + "for every address; retry after " + retryAfter + " s"
                    : "Too many failed shutdown attempts from this address; retry after " + retryAfter + " s",
                    Map.of("Retry-After", Long.toString(retryAfter)));
        }
        ShutdownOutcome outcome;
        try {
            outcome = authenticator.check(exchange.header(HttpHeaderNames.AUTHORIZATION.toString()));
        } catch (ShutdownKey.UnavailableException e) {
            record(client, ShutdownOutcome.KEY_UNAVAILABLE, e.getMessage());
            throw new HttpError(503, "The shutdown key is unavailable, so no shutdown can be accepted; "
                    + "the server log says why");
        }
        record(client, outcome, null);
        switch (outcome) {
            case ACCEPTED:
                exchange.send(200, HttpExchange.TEXT, ACCEPTED_BODY, Map.of());
                shutdown.run();
                return;
            case MISSING_KEY:
                limiter.recordFailure(client.getAddress());
                throw new HttpError(401, "Not authenticated: send 'Authorization: Bearer <shutdown key>'", CHALLENGE);
            case MALFORMED_KEY:
                limiter.recordFailure(client.getAddress());
                throw new HttpError(401, "Malformed Authorization header: expected 'Bearer <shutdown key>'", CHALLENGE);
            default:
                limiter.recordFailure(client.getAddress());
                throw new HttpError(401, "Invalid Bearer token for Shutdown API. Check that you are passing a correct "
                        + "'Authorization: Bearer <SHUTDOWN_API_KEY>' in your header.", CHALLENGE);
        }
    }

    private void record(InetSocketAddress client, ShutdownOutcome outcome, String reason) {
        String address = client.getAddress().getHostAddress() + ":" + client.getPort();
        if (outcome == ShutdownOutcome.ACCEPTED) {
            log.warn("shutdown attempt at {} from {}: {}", Instant.now(), address, outcome);
        } else if (reason != null) {
            log.error("shutdown attempt at {} from {}: {} ({})", Instant.now(), address, outcome, reason);
        } else {
            log.warn("shutdown attempt at {} from {}: {}", Instant.now(), address, outcome);
        }
        audit.accept(client, outcome);
    }
}
