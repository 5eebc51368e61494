package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** When each {@link Callback} event fires, and that a failing callback harms nobody. */
class CallbacksIT {

    private static final List<String> WORKER_EVENTS = List.of("before_decode", "after_decode", "before_predict",
            "after_predict", "before_encode", "after_encode");

    static final class Square implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> in) {
            if (in.containsKey("crash")) {
                throw new IllegalStateException("crash requested");
            }
            int x = ((Number) in.get("input")).intValue();
            return Map.of("output", x * x);
        }
    }

    /** Records every event by name, and what onRequest was given. */
    static final class Recorder implements Callback {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Integer> activeRequests = new CopyOnWriteArrayList<>();

        long count(String event) {
            return events.stream().filter(event::equals).count();
        }

        List<String> only(List<String> names) {
            List<String> kept = new ArrayList<>(events);
            kept.retainAll(names);
            return kept;
        }

        @Override
        public void onServerStart(LitServer server) {
            events.add("server_start");
        }

        @Override
        public void onServerEnd(LitServer server) {
            events.add("server_end");
        }

        @Override
        public void onBeforeSetup(LitApi<?, ?> api) {
            events.add("before_setup");
        }

        @Override
        public void onAfterSetup(LitApi<?, ?> api) {
            events.add("after_setup");
        }

        @Override
        public void onRequest(LitServer server, Integer active) {
            events.add("request");
            activeRequests.add(active);
        }

        @Override
        public void onResponse(LitServer server) {
            events.add("response");
        }

        @Override
        public void onBeforeDecodeRequest(LitApi<?, ?> api) {
            events.add("before_decode");
        }

        @Override
        public void onAfterDecodeRequest(LitApi<?, ?> api) {
            events.add("after_decode");
        }

        @Override
        public void onBeforePredict(LitApi<?, ?> api) {
            events.add("before_predict");
        }

        @Override
        public void onAfterPredict(LitApi<?, ?> api) {
            events.add("after_predict");
        }

        @Override
        public void onBeforeEncodeResponse(LitApi<?, ?> api) {
            events.add("before_encode");
        }

        @Override
        public void onAfterEncodeResponse(LitApi<?, ?> api) {
            events.add("after_encode");
        }
    }

    /** Throws from every event. */
    static final class Throwing implements Callback {
        private static void fail() {
            throw new IllegalStateException("callback failure");
        }

        @Override
        public void onServerStart(LitServer server) {
            fail();
        }

        @Override
        public void onServerEnd(LitServer server) {
            fail();
        }

        @Override
        public void onBeforeSetup(LitApi<?, ?> api) {
            fail();
        }

        @Override
        public void onAfterSetup(LitApi<?, ?> api) {
            fail();
        }

        @Override
        public void onRequest(LitServer server, Integer active) {
            fail();
        }

        @Override
        public void onResponse(LitServer server) {
            fail();
        }

        @Override
        public void onBeforeDecodeRequest(LitApi<?, ?> api) {
            fail();
        }

        @Override
        public void onAfterDecodeRequest(LitApi<?, ?> api) {
            fail();
        }

        @Override
        public void onBeforePredict(LitApi<?, ?> api) {
            fail();
        }

        @Override
        public void onAfterPredict(LitApi<?, ?> api) {
            fail();
        }

        @Override
        public void onBeforeEncodeResponse(LitApi<?, ?> api) {
            fail();
        }

        @Override
        public void onAfterEncodeResponse(LitApi<?, ?> api) {
            fail();
        }
    }

    @Test
    void workerEventsOfOneRequestFireInDecodePredictEncodeOrder() {
        Recorder recorder = new Recorder();
        try (LitServer server = Servers.local().api(new Square()).callbacks(recorder).build().start()) {
            HttpResponse<String> response = new Http(server.port()).post("/predict", "{\"input\": 3}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(recorder.only(WORKER_EVENTS)).containsExactlyElementsOf(WORKER_EVENTS);
            assertThat(recorder.events.indexOf("request")).isLessThan(recorder.events.indexOf("before_decode"));
        }
    }

    @Test
    void setupEventsFireOncePerWorker() {
        Recorder recorder = new Recorder();
        LitServer server = Servers.local().api(new Square()).workersPerDevice(2).callbacks(recorder).build();
        try (server) {
            server.start();

            assertThat(recorder.count("before_setup")).isEqualTo(2);
            assertThat(recorder.count("after_setup")).isEqualTo(2);
        }
    }

    @Test
    void serverStartFiresOncePerApiWhenTheServerIsBuilt() {
        Recorder recorder = new Recorder();
        LitServerBuilder builder = Servers.local()
                .api(new Square(), ApiOptions.path("/a"))
                .api(new Square(), ApiOptions.path("/b"))
                .callbacks(recorder);
        assertThat(recorder.events).isEmpty();

        try (LitServer server = builder.build()) {
            assertThat(server.apiPaths()).containsExactly("/a", "/b");
            assertThat(recorder.events).containsExactly("server_start", "server_start");
        }
    }

    @Test
    void serverEndFiresOnceWhenCloseReturns() {
        Recorder recorder = new Recorder();
        LitServer server = Servers.local().api(new Square()).callbacks(recorder).build().start();
        assertThat(recorder.count("server_end")).isZero();

        server.close();

        assertThat(recorder.count("server_end")).isEqualTo(1);
    }

    @Test
    void onRequestGetsNullWhenRequestsAreNotTracked() {
        Recorder recorder = new Recorder();
        try (LitServer server = Servers.local().api(new Square()).callbacks(recorder).build().start()) {
            assertThat(new Http(server.port()).post("/predict", "{\"input\": 3}").statusCode()).isEqualTo(200);

            assertThat(recorder.activeRequests).containsExactly((Integer) null);
        }
    }

    @Test
    void onRequestGetsTheActiveCountWhenRequestsAreTracked() {
        Recorder recorder = new Recorder();
        try (LitServer server = Servers.local().api(new Square()).trackRequests(true).callbacks(recorder)
                .build().start()) {
            Http http = new Http(server.port());
            assertThat(http.post("/predict", "{\"input\": 3}").statusCode()).isEqualTo(200);
            assertThat(http.post("/predict", "{\"input\": 4}").statusCode()).isEqualTo(200);

            assertThat(recorder.activeRequests).hasSize(2).allSatisfy(active -> assertThat(active).isNotNull()
                    .isGreaterThanOrEqualTo(1));
        }
    }

    @Test
    void onResponseFiresAfterASuccessButNotAfterA500() {
        Recorder recorder = new Recorder();
        try (LitServer server = Servers.local().api(new Square()).callbacks(recorder).build().start()) {
            Http http = new Http(server.port());
            assertThat(http.post("/predict", "{\"crash\": true}").statusCode()).isEqualTo(500);

            assertThat(http.post("/predict", "{\"input\": 3}").statusCode()).isEqualTo(200);

            // onResponse runs once the response is written, which may be just after the client read it.
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.count("response") >= 1);
            assertThat(recorder.count("request")).isEqualTo(2);
            assertThat(recorder.count("response")).isEqualTo(1);
            List<String> requestsAndResponses = recorder.only(Arrays.asList("request", "response"));
            assertThat(requestsAndResponses).containsExactly("request", "request", "response");
        }
    }

    @Test
    void aThrowingCallbackDoesNotBreakTheServerOrTheRequest() {
        Recorder recorder = new Recorder();
        try (LitServer server = Servers.local().api(new Square()).callbacks(new Throwing(), recorder)
                .build().start()) {
            Http http = new Http(server.port());

            HttpResponse<String> response = http.post("/predict", "{\"input\": 3}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"output\":9}");
            assertThat(recorder.only(WORKER_EVENTS)).as("callbacks after the throwing one still run")
                    .containsExactlyElementsOf(WORKER_EVENTS);
            assertThat(http.get("/health").statusCode()).isEqualTo(200);
        }
    }
}
