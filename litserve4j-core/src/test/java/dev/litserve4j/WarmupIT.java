package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.litserve4j.testing.LogCapture;
import dev.litserve4j.testing.RawConnection;
import dev.litserve4j.testing.RawConnection.RawResponse;
import dev.litserve4j.testing.Scrape;
import dev.litserve4j.testing.Servers;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The warm-up before readiness: real requests to the server's own listener, over real sockets. */
class WarmupIT {

    /** Squares; records every input; can hold its predicts, or fail them, to show the warm-up's edges. */
    static final class Sampled implements LitApi<Map<String, Object>, Map<String, Object>> {
        final Queue<Object> inputs = new ConcurrentLinkedQueue<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean hold;
        volatile boolean fail;

        @Override
        public Map<String, Object> predict(Map<String, Object> in) throws InterruptedException {
            inputs.add(in.get("input"));
            entered.countDown();
            if (hold) {
                release.await(20, TimeUnit.SECONDS);
            }
            if (fail) {
                throw new IllegalStateException("this model cannot take the sample");
            }
            double x = ((Number) in.get("input")).doubleValue();
            return Map.of("output", x * x);
        }

        @Override
        public List<Object> sampleRequests() {
            return List.of(Map.of("input", 3.0));
        }
    }

    private static RawResponse get(LitServer server, String path) {
        try (RawConnection c = RawConnection.open(server.port())) {
            return c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
        }
    }

    private static RawResponse predict(LitServer server) {
        String body = "{\"input\": 4}";
        try (RawConnection c = RawConnection.open(server.port())) {
            return c.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).read();
        }
    }

    /** Starts on another thread (start() returns only after the warm-up) and waits until the port is bound. */
    private static CompletableFuture<Void> startInBackground(LitServer server) {
        CompletableFuture<Void> started = CompletableFuture.runAsync(server::start);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> server.port() > 0);
        return started;
    }

    @Test
    void theWarmupRunsPredictNTimesWithTheSampleBeforeTheServerIsReady() throws Exception {
        Sampled api = new Sampled();
        try (LogCapture log = new LogCapture();
                LitServer server = Servers.local().api(api).warmupRequests(50).accessLog(true).build().start()) {
            // start() returns once the server is ready: by then every warm-up request was predicted.
            assertThat(api.inputs).hasSize(50).containsOnly(3.0);
            assertThat(get(server, "/readyz").status()).isEqualTo(200);
            assertThat(get(server, "/health").status()).isEqualTo(200);

            assertThat(predict(server).bodyText()).isEqualTo("{\"output\":16.0}");
            // Only the client's request is in the metrics and the access log, not the 50 of the warm-up.
            Scrape scrape = Scrape.parse(get(server, "/metrics").bodyText());
            assertThat(scrape.value("litserve4j_requests_total", "api", "/predict", "status", "200")).isEqualTo(1.0);
            assertThat(scrape.value("litserve4j_batch_size_count", "api", "/predict")).isEqualTo(1.0);
            server.close(); // the access log writes its last lines before the stop ends
            assertThat(log.text()).containsOnlyOnce("\"POST /predict\"").contains("warmed up /predict with 50 request(s)");
        }
    }

    @Test
    void duringTheWarmupReadinessIs503WarmingUpAndClientsOfTheApiAreRefused() throws Exception {
        Sampled api = new Sampled();
        api.hold = true;
        LitServer server = Servers.local().api(api).warmupRequests(10).build();
        try {
            CompletableFuture<Void> started = startInBackground(server);
            assertThat(api.entered.await(10, TimeUnit.SECONDS)).isTrue(); // a warm-up predict is running

            RawResponse ready = get(server, "/readyz");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.bodyText()).contains("\"reason\":\"warming up\"");
            assertThat(get(server, "/health").status()).isEqualTo(503);
            assertThat(get(server, "/livez").status()).isEqualTo(200); // a warm-up is no reason for a restart
            RawResponse refused = predict(server);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.bodyText()).contains("warming up");
            assertThat(started).isNotDone();

            api.hold = false;
            api.release.countDown();
            started.get(10, TimeUnit.SECONDS);
            assertThat(get(server, "/readyz").status()).isEqualTo(200);
            assertThat(api.inputs).hasSize(10).containsOnly(3.0); // the refused client's input never reached predict
            Scrape scrape = Scrape.parse(get(server, "/metrics").bodyText());
            assertThat(scrape.value("litserve4j_rejections_total", "api", "/predict", "cause", "warming_up")).isEqualTo(1.0);
        } finally {
            api.release.countDown();
            server.close();
        }
    }

    @Test
    void aSampleThatFailsIsLoggedAndTheServerStartsAnyway() throws Exception {
        Sampled api = new Sampled();
        api.fail = true;
        try (LogCapture log = new LogCapture();
                LitServer server = Servers.local().api(api).warmupRequests(1000).build().start()) {
            assertThat(get(server, "/readyz").status()).isEqualTo(200);
            assertThat(api.inputs.size()).isLessThan(1000); // the first failure ended the warm-up
            assertThat(log.text()).contains("warm-up of /predict ended after 0 request(s)")
                    .contains("answered 500");
            api.fail = false;
            assertThat(predict(server).status()).isEqualTo(200);
        }
    }

    @Test
    void aWarmupThatHangsIsCutAtItsTimeoutAndTheServerStarts() throws Exception {
        Sampled api = new Sampled();
        api.hold = true;
        LitServer server = Servers.local().api(api).workersPerDevice(2).warmupRequests(10)
                .warmupTimeout(Duration.ofMillis(300)).build();
        try (LogCapture log = new LogCapture()) {
            CompletableFuture<Void> started = startInBackground(server);
            started.get(10, TimeUnit.SECONDS);
            assertThat(get(server, "/readyz").status()).isEqualTo(200);
            assertThat(log.text()).contains("warm-up timeout of 300 ms reached");
        } finally {
            api.release.countDown();
            server.close();
        }
    }

    @Test
    void aStopDuringTheWarmupEndsItAndStopsCleanly() throws Exception {
        Sampled api = new Sampled();
        api.hold = true;
        LitServer server = Servers.local().api(api).warmupRequests(10).gracefulTimeout(Duration.ofSeconds(5)).build();
        try {
            CompletableFuture<Void> started = startInBackground(server);
            int port = server.port();
            assertThat(api.entered.await(10, TimeUnit.SECONDS)).isTrue();

            server.stop().get(10, TimeUnit.SECONDS);
            started.get(10, TimeUnit.SECONDS); // start() returns: the server was stopped while starting
            assertThat(server.stoppedCleanly()).isTrue();
            assertThat(api.inputs).hasSizeLessThan(10);
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        } finally {
            api.release.countDown();
            server.close();
        }
    }

    @Test
    void anApiWithoutSamplesIsNotWarmed() {
        LitApi<Map<String, Object>, Map<String, Object>> plain = new LitApi<>() {
            @Override
            public Map<String, Object> predict(Map<String, Object> in) {
                return Map.of("output", 1);
            }
        };
        try (LitServer server = Servers.local().api(plain).warmupRequests(100).build().start()) {
            assertThat(get(server, "/readyz").status()).isEqualTo(200);
        }
    }

    @Test
    void aNegativeWarmupCountIsRefusedByName() {
        assertThatThrownBy(() -> Servers.local().api(new Sampled()).warmupRequests(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("warmupRequests must be >= 0 (0 turns the warm-up off), got -1");
        assertThatThrownBy(() -> Servers.local().api(new Sampled()).warmupTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warmupTimeout must be positive");
    }
}
