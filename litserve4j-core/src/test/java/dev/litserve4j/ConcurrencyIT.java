package dev.litserve4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many clients at once, a full queue and the request deadline. */
class ConcurrencyIT {

    /**
     * Squares {@code input}; a request with {@code "hold": true} keeps its worker busy until
     * {@link #release} opens (at most 10 s), after announcing itself on {@link #entered}.
     */
    static final class Gated implements LitApi<Map<String, Object>, Map<String, Object>>, AutoCloseable {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        /** Opens the gate, so that a failed test does not leave a worker held while the server closes. */
        @Override
        public void close() {
            release.countDown();
        }

        @Override
        public Map<String, Object> predict(Map<String, Object> in) throws InterruptedException {
            if (Boolean.TRUE.equals(in.get("hold"))) {
                entered.countDown();
                release.await(10, SECONDS);
            }
            int x = ((Number) in.get("input")).intValue();
            return Map.of("output", x * x);
        }
    }

    static final class CountRequests implements Callback {
        final AtomicInteger requests = new AtomicInteger();

        @Override
        public void onRequest(LitServer server, Integer activeRequests) {
            requests.incrementAndGet();
        }
    }

    @Test
    void hundredConcurrentRequestsEachGetTheirOwnAnswer() throws Exception {
        try (LitServer server = Servers.local().api(new Gated()).workersPerDevice(2).build().start()) {
            Http http = new Http(server.port());
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                responses.add(http.postAsync("/predict", "{\"input\": " + i + "}"));
            }

            CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(30, SECONDS);

            for (int i = 0; i < 100; i++) {
                HttpResponse<String> response = responses.get(i).join();
                assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
                assertThat(response.body()).as("request %d", i).isEqualTo("{\"output\":" + i * i + "}");
            }
        }
    }

    @Test
    void requestBeyondAFullQueueGets503WithRetryAfterAndTheQueuedOnesAreServedLater() throws Exception {
        Gated api = new Gated();
        CountRequests counter = new CountRequests();
        try (LitServer server = Servers.local().api(api).maxQueueSize(1).callbacks(counter).build().start();
                api) {
            Http http = new Http(server.port());
            CompletableFuture<HttpResponse<String>> a = http.postAsync("/predict", "{\"input\": 2, \"hold\": true}");
            assertThat(api.entered.await(10, SECONDS)).isTrue();
            CompletableFuture<HttpResponse<String>> b = http.postAsync("/predict", "{\"input\": 3}");
            // onRequest fires just before B is queued, on the same I/O thread; C needs a whole new
            // request to overtake that, so B holds the only queue slot when C arrives.
            await().atMost(Duration.ofSeconds(10)).until(() -> counter.requests.get() == 2);

            HttpResponse<String> c = http.post("/predict", "{\"input\": 4}");

            assertThat(c.statusCode()).isEqualTo(503);
            assertThat(c.headers().firstValue("Retry-After")).isPresent();
            assertThat(c.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(new ObjectMapper().readTree(c.body()).get("detail").asText()).contains("queue");
            assertThat(a).isNotDone();
            assertThat(b).isNotDone();

            api.release.countDown();

            assertThat(a.get(10, SECONDS).statusCode()).isEqualTo(200);
            assertThat(a.get(10, SECONDS).body()).isEqualTo("{\"output\":4}");
            assertThat(b.get(10, SECONDS).statusCode()).isEqualTo(200);
            assertThat(b.get(10, SECONDS).body()).isEqualTo("{\"output\":9}");
        }
    }

    @Test
    void queuedRequestGets504AtItsDeadlineWhileTheWorkerIsStillBusy() throws Exception {
        Gated api = new Gated();
        try (LitServer server = Servers.local().api(api).timeout(Duration.ofMillis(300)).build().start(); api) {
            Http http = new Http(server.port());
            CompletableFuture<HttpResponse<String>> a = http.postAsync("/predict", "{\"input\": 2, \"hold\": true}");
            assertThat(api.entered.await(10, SECONDS)).isTrue();
            long sentB = System.nanoTime();

            HttpResponse<String> b = http.postAsync("/predict", "{\"input\": 3}").get(10, SECONDS);

            long waitedMillis = (System.nanoTime() - sentB) / 1_000_000;
            assertThat(api.release.getCount()).as("the worker is still held").isEqualTo(1);
            assertThat(b.statusCode()).isEqualTo(504);
            assertThat(b.body()).isEqualTo("{\"detail\":\"Request timed out\"}");
            assertThat(waitedMillis).as("B waited for its deadline").isGreaterThanOrEqualTo(250);
        }
    }

    @Test
    void requestStuckInPredictGets504AtItsDeadlineAndTheServerRecoversWhenPredictReturns() throws Exception {
        Gated api = new Gated();
        try (LitServer server = Servers.local().api(api).timeout(Duration.ofMillis(300)).build().start(); api) {
            Http http = new Http(server.port());
            CompletableFuture<HttpResponse<String>> a = http.postAsync("/predict", "{\"input\": 2, \"hold\": true}");
            assertThat(api.entered.await(10, SECONDS)).isTrue();
            CompletableFuture<HttpResponse<String>> b = http.postAsync("/predict", "{\"input\": 3}");

            HttpResponse<String> stuck = a.get(10, SECONDS);
            HttpResponse<String> queued = b.get(10, SECONDS);

            assertThat(api.release.getCount()).as("the worker is still held").isEqualTo(1);
            assertThat(stuck.statusCode()).isEqualTo(504);
            assertThat(stuck.body()).isEqualTo("{\"detail\":\"Request timed out\"}");
            assertThat(queued.statusCode()).isEqualTo(504);

            api.release.countDown();
            HttpResponse<String> after = http.post("/predict", "{\"input\": 5}");

            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.body()).isEqualTo("{\"output\":25}");
        }
    }

    @Test
    void queueSlotOfARequestThatTimedOutIsFreedForTheNextRequest() throws Exception {
        Gated api = new Gated();
        CountRequests counter = new CountRequests();
        try (LitServer server = Servers.local().api(api).maxQueueSize(1).timeout(Duration.ofSeconds(1))
                .callbacks(counter).build().start();
                api) {
            Http http = new Http(server.port());
            CompletableFuture<HttpResponse<String>> a = http.postAsync("/predict", "{\"input\": 2, \"hold\": true}");
            assertThat(api.entered.await(10, SECONDS)).isTrue();
            HttpResponse<String> b = http.postAsync("/predict", "{\"input\": 3}").get(10, SECONDS);
            assertThat(b.statusCode()).isEqualTo(504);
            assertThat(a.get(10, SECONDS).statusCode()).isEqualTo(504);

            CompletableFuture<HttpResponse<String>> c = http.postAsync("/predict", "{\"input\": 4}");
            await().atMost(Duration.ofSeconds(10)).until(() -> counter.requests.get() == 3 || c.isDone());
            api.release.countDown();

            HttpResponse<String> answer = c.get(10, SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("{\"output\":16}");
        }
    }
}
