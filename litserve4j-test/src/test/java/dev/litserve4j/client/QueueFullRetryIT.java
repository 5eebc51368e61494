package dev.litserve4j.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.litserve4j.LitApi;
import dev.litserve4j.junit.LitServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server's own 503 for a full queue (Retry-After: 1), retried by the client once there is room. */
class QueueFullRetryIT {

    /** Holds every request until released. */
    static final class Gate implements LitApi<Map<String, Object>, Map<String, Object>> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Map<String, Object> predict(Map<String, Object> request) throws InterruptedException {
            entered.countDown();
            if (!release.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
            return Map.of("output", request.get("input"));
        }
    }

    private static final TypeReference<Map<String, Object>> ANSWER = new TypeReference<>() { };

    final Gate gate = new Gate();

    @RegisterExtension
    final LitServerExtension server = LitServerExtension.configuring(builder -> builder.api(gate)
            .workersPerDevice(1).maxQueueSize(1));

    @Test
    void aRequestRefusedForAFullQueueIsRetriedAfterRetryAfterAndAnswered(LitClient client, URI uri) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            Future<Map<String, Object>> first = callers.submit(() -> client.predict(Map.of("input", 1), ANSWER));
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Map<String, Object>> second = callers.submit(() -> client.predict(Map.of("input", 2), ANSWER));
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> client.info().at("/lifecycle/requests_queued").asInt() == 1);

            LitClient retrying = LitClient.builder(uri).retryOn503(10, Duration.ofSeconds(10)).build();
            Future<Map<String, Object>> third = callers.submit(() -> retrying.predict(Map.of("input", 3), ANSWER));
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> queueFullRejections(uri) >= 1);
            gate.release.countDown();

            assertThat(third.get(20, TimeUnit.SECONDS)).isEqualTo(Map.of("output", 3));
            assertThat(first.get(20, TimeUnit.SECONDS)).isEqualTo(Map.of("output", 1));
            assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo(Map.of("output", 2));
        } finally {
            gate.release.countDown();
            callers.shutdownNow();
        }
    }

    /** What the server counted as refused for a full queue, from its Prometheus scrape. */
    private static double queueFullRejections(URI uri) throws Exception {
        HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri.resolve("/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return scrape.body().lines().filter(line -> line.startsWith("litserve4j_rejections_total{")
                        && line.contains("cause=\"queue_full\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
