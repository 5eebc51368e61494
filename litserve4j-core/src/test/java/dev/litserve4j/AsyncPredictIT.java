package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.RawConnection;
import dev.litserve4j.testing.Scrape;
import dev.litserve4j.testing.Servers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code predictAsync}: one worker keeps many calls outstanding, up to its limit, and timeouts, clients
 * that leave, failures and the graceful stop treat them as they treat synchronous requests. The calls
 * are futures the test completes, so every interleaving is the test's choice.
 */
class AsyncPredictIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Each call is a future the test completes; {@code {"fail": "..."}} and {@code {"throw": true}} fail at once. */
    static final class Remote implements LitApi<Map<String, Object>, Map<String, Object>> {
        final LinkedBlockingQueue<CompletableFuture<Map<String, Object>>> calls = new LinkedBlockingQueue<>();
        final List<CompletableFuture<Map<String, Object>>> all = new java.util.concurrent.CopyOnWriteArrayList<>();
        // calls: the test's ends of the calls not completed yet; all: the stage each call returned, in order

        @Override
        public CompletionStage<Map<String, Object>> predictAsync(Map<String, Object> input, RequestContext context) {
            if (input.containsKey("throw")) {
                throw new IllegalStateException("broken before the call");
            }
            if (input.containsKey("null")) {
                return null;
            }
            if ("teapot".equals(input.get("fail"))) {
                return CompletableFuture.failedFuture(new HttpError(418, "I'm a teapot"));
            }
            if ("boom".equals(input.get("fail"))) {
                return CompletableFuture.failedFuture(new IllegalStateException("remote model broke"));
            }
            CompletableFuture<Map<String, Object>> call = new CompletableFuture<>();
            CompletableFuture<Map<String, Object>> returned =
                    call.thenApply(out -> Map.of("output", input.get("input"), "remote", out.get("remote")));
            all.add(returned); // what the server holds, and cancels
            calls.add(call);
            return returned;
        }

        int outstanding() {
            return calls.size();
        }

        void completeAll() {
            List<CompletableFuture<Map<String, Object>>> taken = new ArrayList<>();
            calls.drainTo(taken);
            taken.forEach(call -> call.complete(Map.of("remote", "ok")));
        }
    }

    private static LitServerBuilder oneWorker(Remote api, int maxConcurrent) {
        return Servers.local().api(api, ApiOptions.defaults().maxConcurrentPerWorker(maxConcurrent)).workersPerDevice(1);
    }

    @Test
    void oneWorkerKeepsFiftyCallsOutstandingAtOnceAndAnswersEach() throws Exception {
        Remote api = new Remote();
        try (LitServer server = oneWorker(api, 64).build().start()) {
            Http http = new Http(server.port());
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(http.postAsync("/predict", "{\"input\": " + i + "}"));
            }

            await().atMost(WAIT).until(() -> api.outstanding() == 50);
            api.completeAll();

            for (int i = 0; i < 50; i++) {
                HttpResponse<String> answer = answers.get(i).get(10, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).containsPattern("\"output\":" + i + "[,}]").contains("\"remote\":\"ok\"");
            }
        }
    }

    @Test
    void aWorkerAtItsLimitLeavesTheRestQueuedUntilACallFinishes() throws Exception {
        Remote api = new Remote();
        try (LitServer server = oneWorker(api, 2).build().start()) {
            Http http = new Http(server.port());
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                answers.add(http.postAsync("/predict", "{\"input\": " + i + "}"));
            }

            await().atMost(WAIT).until(() -> queued(http) == 3.0 && api.outstanding() == 2);
            api.calls.take().complete(Map.of("remote", "first"));
            await().atMost(WAIT).until(() -> queued(http) == 2.0 && api.outstanding() == 2);
            for (int i = 0; i < 4; i++) { // the other four, as the worker takes them
                api.calls.poll(10, TimeUnit.SECONDS).complete(Map.of("remote", "ok"));
            }

            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        }
    }

    private static double queued(Http http) {
        return Scrape.parse(http.get("/metrics").body()).value("litserve4j_queue_depth", "api", "/predict");
    }

    @Test
    void aTimedOutCallIsAnswered504AndCancelled() throws Exception {
        Remote api = new Remote();
        try (LitServer server = oneWorker(api, 8).timeout(Duration.ofMillis(300)).build().start()) {
            HttpResponse<String> answer = new Http(server.port()).post("/predict", "{\"input\": 1}");

            assertThat(answer.statusCode()).isEqualTo(504);
            assertThat(answer.body()).isEqualTo("{\"detail\":\"Request timed out\"}");
            await().atMost(WAIT).until(() -> api.all.size() == 1 && api.all.get(0).isCancelled());
        }
    }

    @Test
    void aCallWhoseClientLeftIsCancelledAndItsRoomFreed() throws Exception {
        Remote api = new Remote();
        try (LitServer server = oneWorker(api, 1).build().start()) {
            String body = "{\"input\": 1}";
            try (RawConnection gone = RawConnection.open(server.port())) {
                gone.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body);
                await().atMost(WAIT).until(() -> api.outstanding() == 1);
            }
            await().atMost(WAIT).until(() -> api.all.get(0).isCancelled());
            api.calls.clear(); // the left client's call: nothing to complete

            // The worker's only room is free again: the next request is taken and answered.
            CompletableFuture<HttpResponse<String>> next = new Http(server.port()).postAsync("/predict", "{\"input\": 2}");
            await().atMost(WAIT).until(() -> api.all.size() == 2);
            api.calls.poll(10, TimeUnit.SECONDS).complete(Map.of("remote", "ok"));
            assertThat(next.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void failuresAreAnsweredLikeSynchronousOnesAndTheWorkerServesOn() throws Exception {
        Remote api = new Remote();
        try (LitServer server = oneWorker(api, 4).build().start()) {
            Http http = new Http(server.port());

            HttpResponse<String> teapot = http.post("/predict", "{\"fail\": \"teapot\"}");
            HttpResponse<String> boom = http.post("/predict", "{\"fail\": \"boom\"}");
            HttpResponse<String> thrown = http.post("/predict", "{\"throw\": true}");
            HttpResponse<String> none = http.post("/predict", "{\"null\": true}");
            HttpResponse<String> bad = http.post("/predict", "{not json");

            assertThat(teapot.statusCode()).isEqualTo(418);
            assertThat(teapot.body()).isEqualTo("{\"detail\":\"I'm a teapot\"}");
            for (HttpResponse<String> failed : List.of(boom, thrown, none)) {
                assertThat(failed.statusCode()).isEqualTo(500);
                assertThat(failed.body()).isEqualTo("{\"detail\":\"Internal server error\"}");
            }
            assertThat(bad.statusCode()).isEqualTo(400);
            CompletableFuture<HttpResponse<String>> next = http.postAsync("/predict", "{\"input\": 3}");
            api.calls.poll(10, TimeUnit.SECONDS).complete(Map.of("remote", "ok"));
            assertThat(next.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aGracefulStopWaitsForOutstandingCallsAndAnswersThemWhole() throws Exception {
        Remote api = new Remote();
        LitServer server = oneWorker(api, 8).gracefulTimeout(Duration.ofSeconds(15)).build().start();
        try {
            Http http = new Http(server.port());
            CompletableFuture<HttpResponse<String>> a = http.postAsync("/predict", "{\"input\": 1}");
            CompletableFuture<HttpResponse<String>> b = http.postAsync("/predict", "{\"input\": 2}");
            await().atMost(WAIT).until(() -> api.outstanding() == 2);

            server.stop();
            assertThat(server.awaitTermination(Duration.ofMillis(200))).as("the drain waits for the calls").isFalse();
            api.completeAll();

            assertThat(a.get(10, TimeUnit.SECONDS).body()).contains("\"output\":1");
            assertThat(b.get(10, TimeUnit.SECONDS).body()).contains("\"output\":2");
            assertThat(server.awaitTermination(Duration.ofSeconds(14))).isTrue();
            assertThat(server.stoppedCleanly()).isTrue();
        } finally {
            server.close();
        }
    }

    @Test
    void aCallStillOutstandingAtTheGracefulDeadlineIsAnswered503AndCancelled() throws Exception {
        Remote api = new Remote();
        LitServer server = oneWorker(api, 8).gracefulTimeout(Duration.ofSeconds(2)).build().start();
        try {
            CompletableFuture<HttpResponse<String>> stuck = new Http(server.port()).postAsync("/predict", "{\"input\": 1}");
            await().atMost(WAIT).until(() -> api.outstanding() == 1);

            server.stop();

            HttpResponse<String> answer = stuck.get(10, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).isEqualTo("{\"detail\":\"Server is shutting down\"}");
            assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(server.stoppedCleanly()).as("a request was cut at the deadline").isFalse();
            await().atMost(WAIT).until(() -> api.all.get(0).isCancelled());
        } finally {
            server.close();
        }
    }

    @Test
    void predictAsyncCannotBeBatchedOrStreamedAndItsLimitMustBePositive() {
        assertThatThrownBy(() -> Servers.local().api(new Remote(), ApiOptions.defaults().maxBatchSize(4)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overrides predictAsync");
        assertThatThrownBy(() -> Servers.local().api(new Remote(), ApiOptions.defaults().stream(true)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overrides predictAsync");
        assertThatThrownBy(() -> Servers.local().api(new Remote(), ApiOptions.defaults().maxConcurrentPerWorker(0)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrentPerWorker must be >= 1");
    }
}
