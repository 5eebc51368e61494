package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.RawConnection;
import dev.litserve4j.testing.Scrape;
import dev.litserve4j.testing.Servers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code /metrics} over real HTTP: the values move as requests are answered, turned away, and as the server stops. */
class MetricsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Squares {@code input}; a request with {@code "hold"} waits for a permit (at most 20 s). */
    static final class Square implements LitApi<Map<String, Object>, Map<String, Object>> {
        final Semaphore entered = new Semaphore(0);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Map<String, Object> predict(Map<String, Object> in) throws InterruptedException {
            if (in.containsKey("hold")) {
                entered.release();
                release.await(20, TimeUnit.SECONDS);
                return Map.of("output", "released");
            }
            int x = ((Number) in.get("input")).intValue();
            return Map.of("output", x * x);
        }
    }

    private static Scrape scrape(Http http) {
        HttpResponse<String> response = http.get("/metrics");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return Scrape.parse(response.body());
    }

    private static void awaitEntered(Square api) throws InterruptedException {
        assertThat(api.entered.tryAcquire(10, TimeUnit.SECONDS)).as("the held request reached predict").isTrue();
    }

    @Test
    void answersAreCountedByStatusAndTimed() {
        try (LitServer server = Servers.local().api(new Square()).build().start()) {
            Http http = new Http(server.port());
            for (int i = 0; i < 3; i++) {
                assertThat(http.post("/predict", "{\"input\": 3}").statusCode()).isEqualTo(200);
            }
            assertThat(http.post("/predict", "{\"input\": ").statusCode()).isEqualTo(400);
            // The client can read an answer a moment before the server has counted it.
            await().atMost(WAIT).until(() -> scrape(http).value("litserve4j_request_duration_seconds_count",
                    "api", "/predict") == 4);
            Scrape s = scrape(http);
            assertThat(s.value("litserve4j_requests_total", "api", "/predict", "status", "200")).isEqualTo(3);
            assertThat(s.value("litserve4j_requests_total", "api", "/predict", "status", "400")).isEqualTo(1);
            assertThat(s.value("litserve4j_request_duration_seconds_count", "api", "/predict")).isEqualTo(4);
            assertThat(s.value("litserve4j_request_duration_seconds_bucket", "api", "/predict", "le", "+Inf"))
                    .isEqualTo(4);
            assertThat(s.value("litserve4j_request_duration_seconds_sum", "api", "/predict")).isPositive();
            // The bad body is read by the worker too: four took the queue and ran as batches of one.
            assertThat(s.value("litserve4j_queue_wait_seconds_count", "api", "/predict")).isEqualTo(4);
            assertThat(s.value("litserve4j_inference_duration_seconds_count", "api", "/predict")).isEqualTo(4);
            assertThat(s.value("litserve4j_batch_size_count", "api", "/predict")).isEqualTo(4);
            assertThat(s.value("litserve4j_batch_size_sum", "api", "/predict")).isEqualTo(4);
            assertThat(s.value("litserve4j_requests_in_flight", "api", "/predict")).isZero();
            assertThat(s.value("litserve4j_workers_ready", "api", "/predict")).isEqualTo(1);
            assertThat(s.value("litserve4j_lifecycle_phase", "phase", "running")).isEqualTo(1);
            assertThat(s.value("litserve4j_lifecycle_phase", "phase", "draining")).isZero();
            assertThat(s.value("litserve4j_shutdown_remaining_seconds")).isNaN();
            assertThat(s.value("litserve4j_connections_open")).isGreaterThanOrEqualTo(1);
            // The JVM and process meters Micrometer provides.
            assertThat(s.has("jvm_memory_used_bytes")).isTrue();
            assertThat(s.has("jvm_gc_pause_seconds_count") || s.has("jvm_gc_memory_allocated_bytes_total")).isTrue();
            assertThat(s.has("process_cpu_usage")).isTrue();
            assertThat(s.has("process_uptime_seconds")).isTrue();
        }
    }

    /** Streams {@code n} chunks: none at all when {@code n} is 0. */
    static final class Chunks implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> in) {
            throw new UnsupportedOperationException("a stream API");
        }

        @Override
        public void predictStream(Map<String, Object> in, RequestContext context, Emitter<Map<String, Object>> out)
                throws InterruptedException {
            for (int i = 0; i < ((Number) in.get("n")).intValue(); i++) {
                out.emit(Map.of("chunk", i));
            }
        }
    }

    @Test
    void aStreamWithoutChunksHasNoFirstChunkTime() {
        try (LitServer server = Servers.local().api(new Chunks()).stream(true).build().start()) {
            Http http = new Http(server.port());
            assertThat(http.post("/predict", "{\"n\": 0}").body()).isEmpty();
            assertThat(http.post("/predict", "{\"n\": 2}").body()).isEqualTo("{\"chunk\":0}\n{\"chunk\":1}\n");
            await().atMost(WAIT).until(() -> scrape(http).value("litserve4j_request_duration_seconds_count",
                    "api", "/predict") == 2);
            Scrape s = scrape(http);
            assertThat(s.value("litserve4j_requests_total", "api", "/predict", "status", "200")).isEqualTo(2);
            assertThat(s.value("litserve4j_stream_first_chunk_seconds_count", "api", "/predict")).isEqualTo(1);
        }
    }

    @Test
    void rejectionsAreCountedByCause() throws Exception {
        Square api = new Square();
        try (LitServer server = Servers.local().api(api).maxPayloadSize(100).maxQueueSize(1)
                .timeout(Duration.ofSeconds(3)).build().start()) {
            Http http = new Http(server.port());
            assertThat(http.post("/predict", "{\"input\": \"" + "x".repeat(200) + "\"}").statusCode()).isEqualTo(413);

            CompletableFuture<HttpResponse<String>> held = http.postAsync("/predict", "{\"hold\": 1}");
            awaitEntered(api);
            CompletableFuture<HttpResponse<String>> queued = http.postAsync("/predict", "{\"input\": 2}");
            await().atMost(WAIT).until(() -> scrape(http).value("litserve4j_queue_depth", "api", "/predict") == 1);
            Scrape busy = scrape(http);
            assertThat(busy.value("litserve4j_requests_in_flight", "api", "/predict")).isEqualTo(2);
            assertThat(busy.value("litserve4j_workers_busy", "api", "/predict")).isEqualTo(1);

            assertThat(http.post("/predict", "{\"input\": 5}").statusCode()).isEqualTo(503); // the queue is full
            assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(504);
            assertThat(queued.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(504);
            api.release.countDown();

            await().atMost(WAIT).until(() -> scrape(http).value("litserve4j_requests_total", "api", "/predict",
                    "status", "504") == 2);
            Scrape s = scrape(http);
            assertThat(s.value("litserve4j_rejections_total", "api", "/predict", "cause", "payload_too_large"))
                    .isEqualTo(1);
            assertThat(s.value("litserve4j_rejections_total", "api", "/predict", "cause", "queue_full")).isEqualTo(1);
            assertThat(s.value("litserve4j_rejections_total", "api", "/predict", "cause", "timeout")).isEqualTo(2);
            assertThat(s.value("litserve4j_rejections_total", "api", "/predict", "cause", "client_gone")).isZero();
            assertThat(s.value("litserve4j_requests_total", "api", "/predict", "status", "413")).isEqualTo(1);
            assertThat(s.value("litserve4j_requests_total", "api", "/predict", "status", "503")).isEqualTo(1);
            assertThat(s.value("litserve4j_requests_total", "api", "/predict", "status", "504")).isEqualTo(2);
        }
    }

    @Test
    void aClientThatLeavesIsCountedAsGone() throws Exception {
        Square api = new Square();
        try (LitServer server = Servers.local().api(api).build().start()) {
            Http http = new Http(server.port());
            String body = "{\"hold\": 1}";
            try (RawConnection c = RawConnection.open(server.port())) {
                c.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body);
                awaitEntered(api);
            }
            await().atMost(WAIT).until(() -> scrape(http)
                    .value("litserve4j_rejections_total", "api", "/predict", "cause", "client_gone") == 1);
            api.release.countDown();
            await().atMost(WAIT).until(() -> scrape(http).value("litserve4j_requests_in_flight", "api", "/predict") == 0);
        }
    }

    @Test
    void theManagementListenerShowsTheDrainDelayAndTheDrain() throws Exception {
        Square api = new Square();
        LitServer server = Servers.local().api(api).managementPort(0).drainDelay(Duration.ofSeconds(3))
                .gracefulTimeout(Duration.ofSeconds(20)).build().start();
        try {
            Http management = new Http(server.managementPort());
            Http http = new Http(server.port());
            assertThat(http.get("/metrics").statusCode()).as("not on the public port").isEqualTo(404);
            CompletableFuture<HttpResponse<String>> held = http.postAsync("/predict", "{\"hold\": 1}");
            awaitEntered(api);

            CompletableFuture<Void> stopped = server.stop();
            Scrape delay = scrape(management);
            assertThat(delay.value("litserve4j_lifecycle_phase", "phase", "drain delay")).isEqualTo(1);
            assertThat(delay.value("litserve4j_lifecycle_phase", "phase", "running")).isZero();
            assertThat(delay.value("litserve4j_shutdown_remaining_seconds")).isBetween(0.0, 20.0);

            await().atMost(WAIT).until(() -> scrape(management)
                    .value("litserve4j_lifecycle_phase", "phase", "draining") == 1);
            Scrape draining = scrape(management);
            assertThat(draining.value("litserve4j_requests_in_flight", "api", "/predict")).isEqualTo(1);
            assertThat(draining.value("litserve4j_shutdown_remaining_seconds")).isBetween(0.0, 19.0);

            api.release.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            stopped.get(10, TimeUnit.SECONDS);
            assertThat(server.stoppedCleanly()).isTrue();
        } finally {
            api.release.countDown();
            server.close();
        }
    }

    @Test
    void refusedConnectionsAreCountedEvenAfterACollection() throws Exception {
        try (LitServer server = Servers.local().api(new Square()).maxConnections(2).build().start()) {
            Http http = new Http(server.port());
            assertThat(scrape(http).value("litserve4j_connections_refused_total")).isZero(); // keeps its connection
            System.gc(); // a meter that holds its source weakly would lose it here
            try (RawConnection second = RawConnection.open(server.port())) {
                // Answered, so counted: the cap is reached before the third one comes.
                assertThat(second.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
                try (RawConnection third = RawConnection.open(server.port())) {
                    assertThat(third.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read().status())
                            .isEqualTo(503);
                }
                assertThat(scrape(http).value("litserve4j_connections_refused_total")).isEqualTo(1);
            }
        }
    }

    @Test
    void openMetricsIsServedWhenAsked() {
        try (LitServer server = Servers.local().api(new Square()).build().start()) {
            Http http = new Http(server.port());
            HttpResponse<String> response = http.send(http.request("/metrics")
                    .header("Accept", "application/openmetrics-text; version=1.0.0").GET().build());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("application/openmetrics-text");
            assertThat(response.body()).endsWith("# EOF\n");
        }
    }

    @Test
    void thePublicMetricsNeedTheApiKeyWhenTheServerHasOne() {
        try (LitServer server = Servers.local().api(new Square()).apiKey("k3y").build().start()) {
            Http http = new Http(server.port());
            assertThat(http.get("/metrics").statusCode()).isEqualTo(401);
            assertThat(http.send(http.request("/metrics").header("X-API-Key", "k3y").GET().build()).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void metricsCanBeTurnedOffAndMoved() {
        try (LitServer server = Servers.local().api(new Square()).metrics(false).build().start()) {
            assertThat(new Http(server.port()).get("/metrics").statusCode()).isEqualTo(404);
        }
        try (LitServer server = Servers.local().api(new Square()).metricsPath("/prometheus").build().start()) {
            Http http = new Http(server.port());
            assertThat(http.get("/metrics").statusCode()).isEqualTo(404);
            assertThat(http.get("/prometheus").body()).contains("litserve4j_lifecycle_phase");
        }
    }

    @Test
    void twoRunningServersCannotShareOneRegistry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LitServer first = Servers.local().api(new Square()).meterRegistry(registry).build().start()) {
            LitServer second = Servers.local().api(new Square()).meterRegistry(registry).build();
            org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already holds the meters of another running LitServer");
            assertThat(new Http(first.port()).post("/predict", "{\"input\": 2}").statusCode()).isEqualTo(200);
        }
        // Once the first has stopped, its meters are gone and the registry can serve another.
        try (LitServer third = Servers.local().api(new Square()).meterRegistry(registry).build().start()) {
            assertThat(new Http(third.port()).get("/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aUsersRegistryGetsTheMetersAndLosesThemAtTheStop() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LitServer server = Servers.local().api(new Square()).meterRegistry(registry).build().start()) {
            Http http = new Http(server.port());
            assertThat(http.post("/predict", "{\"input\": 3}").statusCode()).isEqualTo(200);
            await().atMost(WAIT).until(() -> registry.find("litserve4j.requests").tag("status", "200").functionCounter() != null
                    && registry.find("litserve4j.requests").tag("status", "200").functionCounter().count() == 1);
            assertThat(registry.find("litserve4j.queue.depth").gauge()).isNotNull();
            await().atMost(WAIT).until(() -> registry.find("litserve4j.request.duration").functionTimer().count() == 1);
            assertThat(registry.find("litserve4j.request.duration").functionTimer().totalTime(TimeUnit.NANOSECONDS))
                    .isPositive();
            assertThat(scrape(http).value("litserve4j_requests_total", "status", "200")).isEqualTo(1);
            assertThat(registry.find("jvm.memory.used").gauge()).as("the JVM meters are the user's to bind").isNull();
        }
        assertThat(registry.getMeters()).filteredOn(m -> m.getId().getName().startsWith("litserve4j")).isEmpty();
    }
}
