package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The server's own routes, routing errors and several APIs side by side. */
class RoutesIT {

    /** Squares {@code input} and remembers which threads ran it. */
    static final class Square implements LitApi<Map<String, Object>, Map<String, Object>> {
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public Map<String, Object> predict(Map<String, Object> in) {
            threads.add(Thread.currentThread().getName());
            int x = ((Number) in.get("input")).intValue();
            return Map.of("output", x * x);
        }
    }

    /** Negates {@code input} and remembers which threads ran it. */
    static final class Negate implements LitApi<Map<String, Object>, Map<String, Object>> {
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public Map<String, Object> predict(Map<String, Object> in) {
            threads.add(Thread.currentThread().getName());
            int x = ((Number) in.get("input")).intValue();
            return Map.of("negated", -x);
        }
    }

    static final class Unhealthy implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> in) {
            return in;
        }

        @Override
        public boolean health() {
            return false;
        }
    }

    static final class BrokenHealth implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> in) {
            return in;
        }

        @Override
        public boolean health() {
            throw new IllegalStateException("model handle lost");
        }
    }

    @Test
    void rootAnswersLitserveRunning() {
        try (LitServer server = Servers.start(new Square())) {
            HttpResponse<String> response = new Http(server.port()).get("/");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("litserve running");
        }
    }

    @Test
    void healthAnswersOkWhenEveryWorkerIsReady() {
        try (LitServer server = Servers.start(new Square())) {
            HttpResponse<String> response = new Http(server.port()).get("/health");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok");
        }
    }

    @Test
    void healthAnswers503NotReadyWhenTheApiReportsUnhealthy() {
        try (LitServer server = Servers.start(new Unhealthy())) {
            HttpResponse<String> response = new Http(server.port()).get("/health");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("not ready");
        }
    }

    @Test
    void healthAnswers503WhenTheApiHealthCheckThrows() {
        try (LitServer server = Servers.start(new BrokenHealth())) {
            HttpResponse<String> response = new Http(server.port()).get("/health");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("not ready");
        }
    }

    @Test
    void customHealthcheckAndInfoPathsReplaceTheDefaultOnes() {
        try (LitServer server = Servers.local().api(new Square())
                .healthcheckPath("/healthz").infoPath("/details").build().start()) {
            Http http = new Http(server.port());

            assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(http.get("/healthz").body()).isEqualTo("ok");
            assertThat(http.get("/details").statusCode()).isEqualTo(200);
            assertThat(http.get("/details").body()).startsWith("{\"model\":null,\"server\":{");
            assertThat(http.get("/health").statusCode()).isEqualTo(404);
            assertThat(http.get("/info").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void infoShowsLitServeDefaults() {
        try (LitServer server = Servers.start(new Square())) {
            HttpResponse<String> response = new Http(server.port()).get("/info");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(response.body()).isEqualTo("{\"model\":null,\"server\":{\"devices\":[\"cpu\"],"
                    + "\"workers_per_device\":1,\"timeout\":30,\"stream\":{\"/predict\":false},"
                    + "\"max_payload_size\":16777216,\"track_requests\":false},"
                    + "\"lifecycle\":{\"phase\":\"running\",\"requests_in_flight\":0,\"requests_queued\":0,"
                    + "\"open_connections\":1,\"seconds_left\":null}}");
        }
    }

    @Test
    void infoReflectsMetadataPayloadLimitDisabledTimeoutAndRequestTracking() {
        try (LitServer server = Servers.local().api(new Square())
                .modelMetadata(Map.of("name", "square"))
                .maxPayloadSize("10MB")
                .disableTimeout()
                .trackRequests(true)
                .workersPerDevice(2)
                .build().start()) {
            HttpResponse<String> response = new Http(server.port()).get("/info");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"model\":{\"name\":\"square\"},\"server\":{\"devices\":[\"cpu\"],"
                    + "\"workers_per_device\":2,\"timeout\":false,\"stream\":{\"/predict\":false},"
                    + "\"max_payload_size\":\"10MB\",\"track_requests\":true},"
                    + "\"lifecycle\":{\"phase\":\"running\",\"requests_in_flight\":0,\"requests_queued\":0,"
                    + "\"open_connections\":1,\"seconds_left\":null}}");
        }
    }

    @Test
    void infoShowsAFractionalTimeoutInSeconds() {
        try (LitServer server = Servers.local().api(new Square()).timeout(Duration.ofMillis(1500))
                .build().start()) {
            String body = new Http(server.port()).get("/info").body();

            assertThat(body).contains("\"timeout\":1.5,");
        }
    }

    @Test
    void unknownPathGets404NotFound() {
        try (LitServer server = Servers.start(new Square())) {
            HttpResponse<String> response = new Http(server.port()).get("/nope");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).isEqualTo("{\"detail\":\"Not Found\"}");
        }
    }

    @Test
    void getOnThePredictPathGets405AllowingPost() {
        try (LitServer server = Servers.start(new Square())) {
            HttpResponse<String> response = new Http(server.port()).get("/predict");

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("POST");
            assertThat(response.body()).isEqualTo("{\"detail\":\"Method Not Allowed\"}");
        }
    }

    @Test
    void postOnTheHealthPathGets405AllowingGet() {
        try (LitServer server = Servers.start(new Square())) {
            HttpResponse<String> response = new Http(server.port()).post("/health", "{}");

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET");
            assertThat(response.body()).isEqualTo("{\"detail\":\"Method Not Allowed\"}");
        }
    }

    @Test
    void twoApisOnTheirOwnPathsAnswerTheirOwnResultsOnTheirOwnWorkerThreads() {
        Square square = new Square();
        Negate negate = new Negate();
        try (LitServer server = Servers.local()
                .api(square, ApiOptions.path("/square"))
                .api(negate, ApiOptions.path("/negate"))
                .build().start()) {
            Http http = new Http(server.port());

            HttpResponse<String> squared = http.post("/square", "{\"input\": 3}");
            HttpResponse<String> negated = http.post("/negate", "{\"input\": 3}");

            assertThat(squared.statusCode()).isEqualTo(200);
            assertThat(squared.body()).isEqualTo("{\"output\":9}");
            assertThat(negated.statusCode()).isEqualTo(200);
            assertThat(negated.body()).isEqualTo("{\"negated\":-3}");
            assertThat(http.post("/predict", "{\"input\": 3}").statusCode()).isEqualTo(404);
            assertThat(square.threads).hasSize(1).allMatch(name -> name.startsWith("litserve4j-"));
            assertThat(negate.threads).hasSize(1).allMatch(name -> name.startsWith("litserve4j-"));
            assertThat(square.threads).doesNotContainAnyElementsOf(negate.threads);
            assertThat(http.get("/info").body()).contains("\"stream\":{\"/square\":false,\"/negate\":false}");
        }
    }

    @Test
    void deleteOnTheHealthPathGets405AllowingGet() {
        try (LitServer server = Servers.start(new Square())) {
            Http http = new Http(server.port());
            HttpResponse<String> response = http.send(http.request("/health")
                    .method("DELETE", HttpRequest.BodyPublishers.noBody()).build());

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET");
        }
    }

    @Test
    void infoShowsWorkersPerDevicePerPathWhenApisDiffer() {
        try (LitServer server = Servers.local()
                .api(new Square(), ApiOptions.path("/square"))
                .api(new Negate(), ApiOptions.path("/negate").workersPerDevice(2))
                .build().start()) {
            String body = new Http(server.port()).get("/info").body();

            assertThat(body).contains("\"workers_per_device\":{\"/square\":1,\"/negate\":2}");
        }
    }
}
