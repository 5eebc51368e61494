package dev.litserve4j.internal.http;

import dev.litserve4j.HttpError;
import dev.litserve4j.internal.metrics.ServerMetrics;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the Prometheus text format (OpenMetrics when the scraper asks for it). A scrape
 * walks every meter, the JVM's included, so it is written on the metrics thread, never the event loop.
 */
public final class MetricsRoute {

    private static final Logger log = LoggerFactory.getLogger(MetricsRoute.class);

    private MetricsRoute() {
    }

    /**
     * @param apiKeyProtected whether {@code X-API-Key} is checked (on the public listener of a server
     *     with a key; the management listener has none)
     * @param scrapes where scrapes run: one thread of their own, with a short queue
     */
    public static Route route(String path, ServerMetrics metrics, Executor scrapes, boolean apiKeyProtected) {
        return new Route(path, Set.of(HttpMethod.GET), apiKeyProtected, exchange -> {
            String accept = exchange.header("Accept");
            try {
                scrapes.execute(() -> answer(exchange, metrics, accept));
            } catch (RejectedExecutionException stopped) {
                exchange.sendError(new HttpError(503, "Too many scrapes at once, or the server is stopping; "
                        + "retry shortly", Map.of("Retry-After", "1")));
            }
        });
    }

    private static void answer(HttpExchange exchange, ServerMetrics metrics, String accept) {
        ServerMetrics.Scraped scraped;
        try {
            scraped = metrics.scrape(accept);
        } catch (RuntimeException e) {
            log.error("request {}: the metrics could not be written", exchange.requestId(), e);
            exchange.sendError(new HttpError(500, "The metrics could not be written; see the server log"));
            return;
        }
        exchange.send(200, scraped.contentType(), scraped.body(), Map.of());
    }
}
