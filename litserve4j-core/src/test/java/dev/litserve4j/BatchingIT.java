package dev.litserve4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Dynamic batching over HTTP: who ends up in a batch, and how a batch's failure reaches each request. */
class BatchingIT {

    enum Mode { SQUARE, THROW_BUSY, ONE_OUTPUT_TOO_FEW }

    /**
     * A batched API that records each batch's size. A batch holding {@code "block": true} keeps the
     * single worker busy until {@link #close()} or {@link #release} opens, so that later requests queue
     * up behind it; it is always answered with squares. Other batches follow {@link Mode}.
     */
    static final class BatchProbe implements LitApi<Map<String, Object>, Map<String, Object>>, AutoCloseable {
        final List<Integer> sizes = new CopyOnWriteArrayList<>();
        final CountDownLatch blockerEntered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final Mode mode;

        BatchProbe(Mode mode) {
            this.mode = mode;
        }

        @Override
        public List<Map<String, Object>> predictBatch(List<Map<String, Object>> inputs, List<RequestContext> contexts)
                throws InterruptedException {
            sizes.add(inputs.size());
            if (inputs.stream().anyMatch(in -> in.containsKey("block"))) {
                blockerEntered.countDown();
                release.await(10, SECONDS);
                return squares(inputs);
            }
            switch (mode) {
                case THROW_BUSY:
                    throw new HttpError(503, "busy");
                case ONE_OUTPUT_TOO_FEW:
                    return squares(inputs).subList(0, inputs.size() - 1);
                default:
                    return squares(inputs);
            }
        }

        private static List<Map<String, Object>> squares(List<Map<String, Object>> inputs) {
            List<Map<String, Object>> outputs = new ArrayList<>();
            for (Map<String, Object> in : inputs) {
                int x = ((Number) in.get("input")).intValue();
                outputs.add(Map.of("output", x * x));
            }
            return outputs;
        }

        @Override
        public void close() {
            release.countDown();
        }
    }

    static final class CountRequests implements Callback {
        final AtomicInteger requests = new AtomicInteger();

        @Override
        public void onRequest(LitServer server, Integer activeRequests) {
            requests.incrementAndGet();
        }
    }

    private static LitServer start(BatchProbe api, CountRequests counter) {
        return Servers.local()
                .api(api, ApiOptions.defaults().maxBatchSize(8).batchTimeout(Duration.ofMillis(50)))
                .callbacks(counter)
                .build().start();
    }

    /**
     * Holds the worker with a blocker request, queues {@code bodies} behind it, waits until the server
     * has taken every one of them, then lets the worker go: they are collected together.
     */
    private static List<CompletableFuture<HttpResponse<String>>> queueBehindBlocker(Http http, BatchProbe api,
            CountRequests counter, List<String> bodies) throws Exception {
        CompletableFuture<HttpResponse<String>> blocker = http.postAsync("/predict", "{\"input\": 0, \"block\": true}");
        assertThat(api.blockerEntered.await(10, SECONDS)).isTrue();
        List<CompletableFuture<HttpResponse<String>>> queued = new ArrayList<>();
        for (String body : bodies) {
            queued.add(http.postAsync("/predict", body));
        }
        // onRequest fires on the I/O thread just before the request is queued; the batch window
        // (50 ms) covers the rest of that hand-over.
        await().atMost(Duration.ofSeconds(10)).until(() -> counter.requests.get() == 1 + bodies.size());
        api.release.countDown();
        assertThat(blocker.get(10, SECONDS).statusCode()).isEqualTo(200);
        return queued;
    }

    private static List<String> inputs(int count) {
        List<String> bodies = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            bodies.add("{\"input\": " + i + "}");
        }
        return bodies;
    }

    @Test
    void eightConcurrentRequestsAreServedAsOneBatchOfEight() throws Exception {
        BatchProbe api = new BatchProbe(Mode.SQUARE);
        try (LitServer server = start(api, new CountRequests()); api) {
            Http http = new Http(server.port());
            assertThat(http.post("/predict", "{\"input\": 0}").body()).isEqualTo("{\"output\":0}");
            api.sizes.clear();
            List<HttpRequest> requests = new ArrayList<>();
            for (String body : inputs(8)) {
                requests.add(http.postRequest("/predict", body));
            }

            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (HttpRequest request : requests) {
                responses.add(http.client().sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }

            for (int i = 1; i <= 8; i++) {
                HttpResponse<String> response = responses.get(i - 1).get(10, SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("{\"output\":" + i * i + "}");
            }
            assertThat(api.sizes).containsExactly(8);
        }
    }

    @Test
    void eightRequestsQueuedBehindABusyWorkerAreCollectedIntoOneBatch() throws Exception {
        BatchProbe api = new BatchProbe(Mode.SQUARE);
        CountRequests counter = new CountRequests();
        try (LitServer server = start(api, counter); api) {
            Http http = new Http(server.port());

            List<CompletableFuture<HttpResponse<String>>> responses = queueBehindBlocker(http, api, counter, inputs(8));

            for (int i = 1; i <= 8; i++) {
                HttpResponse<String> response = responses.get(i - 1).get(10, SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("{\"output\":" + i * i + "}");
            }
            assertThat(api.sizes).containsExactly(1, 8);
        }
    }

    @Test
    void aLoneRequestIsServedAsABatchOfOne() throws Exception {
        BatchProbe api = new BatchProbe(Mode.SQUARE);
        try (LitServer server = start(api, new CountRequests()); api) {
            HttpResponse<String> response = new Http(server.port()).post("/predict", "{\"input\": 4}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"output\":16}");
            assertThat(api.sizes).containsExactly(1);
        }
    }

    @Test
    void httpErrorFromPredictBatchIsSentToEveryRequestOfTheBatch() throws Exception {
        BatchProbe api = new BatchProbe(Mode.THROW_BUSY);
        CountRequests counter = new CountRequests();
        try (LitServer server = start(api, counter); api) {
            Http http = new Http(server.port());

            List<CompletableFuture<HttpResponse<String>>> responses = queueBehindBlocker(http, api, counter, inputs(5));

            for (CompletableFuture<HttpResponse<String>> future : responses) {
                HttpResponse<String> response = future.get(10, SECONDS);
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.body()).isEqualTo("{\"detail\":\"busy\"}");
            }
            assertThat(api.sizes).containsExactly(1, 5);
        }
    }

    @Test
    void predictBatchReturningTheWrongNumberOfOutputsFailsEveryRequestWithBatchSizeMismatch() throws Exception {
        BatchProbe api = new BatchProbe(Mode.ONE_OUTPUT_TOO_FEW);
        CountRequests counter = new CountRequests();
        try (LitServer server = start(api, counter); api) {
            Http http = new Http(server.port());

            List<CompletableFuture<HttpResponse<String>>> responses = queueBehindBlocker(http, api, counter, inputs(4));

            for (CompletableFuture<HttpResponse<String>> future : responses) {
                HttpResponse<String> response = future.get(10, SECONDS);
                assertThat(response.statusCode()).isEqualTo(500);
                assertThat(response.body()).isEqualTo("{\"detail\":\"Batch size mismatch\"}");
            }
            assertThat(api.sizes).containsExactly(1, 4);
        }
    }

    @Test
    void badJsonInABatchGetsItsOwn400WhileTheOthersAreServed() throws Exception {
        BatchProbe api = new BatchProbe(Mode.SQUARE);
        CountRequests counter = new CountRequests();
        try (LitServer server = start(api, counter); api) {
            Http http = new Http(server.port());
            List<String> bodies = List.of("{\"input\": 2}", "{\"input\": ", "{\"input\": 3}", "{\"input\": 4}");

            List<CompletableFuture<HttpResponse<String>>> responses = queueBehindBlocker(http, api, counter, bodies);

            HttpResponse<String> bad = responses.get(1).get(10, SECONDS);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).startsWith("{\"detail\":\"Invalid JSON");
            assertThat(responses.get(0).get(10, SECONDS).body()).isEqualTo("{\"output\":4}");
            assertThat(responses.get(2).get(10, SECONDS).body()).isEqualTo("{\"output\":9}");
            assertThat(responses.get(3).get(10, SECONDS).body()).isEqualTo("{\"output\":16}");
            assertThat(api.sizes).as("the bad request left its batch before predict").containsExactly(1, 3);
        }
    }
}
