package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.LogCapture;
import dev.litserve4j.testing.RawConnection;
import dev.litserve4j.testing.RawConnection.RawResponse;
import dev.litserve4j.testing.Servers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@code /livez}, {@code /readyz} and the drain delay, over real sockets, one new connection per request. */
class ProbesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final class Square implements LitApi<Map<String, Object>, Map<String, Object>> {
        final AtomicBoolean healthy = new AtomicBoolean(true);
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Map<String, Object> predict(Map<String, Object> in) throws InterruptedException {
            if (in.containsKey("hold")) {
                entered.countDown();
                release.await(20, TimeUnit.SECONDS);
                return Map.of("output", "released");
            }
            int x = ((Number) in.get("input")).intValue();
            return Map.of("output", x * x);
        }

        @Override
        public boolean health() {
            return healthy.get();
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

    private static JsonNode probe(RawResponse response, int status) throws Exception {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        return JSON.readTree(response.body());
    }

    @Test
    void aRunningServerIsAliveAndReady() throws Exception {
        try (LitServer server = Servers.local().api(new Square()).build().start()) {
            assertThat(probe(get(server, "/livez"), 200).toString()).isEqualTo("{\"status\":\"alive\"}");
            assertThat(probe(get(server, "/readyz"), 200).toString()).isEqualTo("{\"status\":\"ready\"}");
        }
    }

    @Test
    void probesNeedNoApiKeyBecauseAnOrchestratorSendsNone() throws Exception {
        try (LitServer server = Servers.local().api(new Square()).apiKey("k3y").build().start()) {
            probe(get(server, "/livez"), 200);
            probe(get(server, "/readyz"), 200);
            assertThat(predict(server).status()).as("the API itself still needs the key").isEqualTo(401);
        }
    }

    @Test
    void anApiWhoseHealthIsFalseIsAliveButNotReadyAndSaysWhich() throws Exception {
        Square api = new Square();
        try (LitServer server = Servers.local().api(api).build().start()) {
            api.healthy.set(false);
            JsonNode ready = probe(get(server, "/readyz"), 503);
            assertThat(ready.get("status").asText()).isEqualTo("not ready");
            assertThat(ready.get("reason").asText()).contains("/predict").contains("health()");
            probe(get(server, "/livez"), 200);
            api.healthy.set(true);
            probe(get(server, "/readyz"), 200);
        }
    }

    @Test
    void duringTheDrainDelayNewConnectionsAreServedWhileReadinessAndHealthSay503() throws Exception {
        LitServer server = Servers.local().api(new Square()).drainDelay(Duration.ofSeconds(5))
                .gracefulTimeout(Duration.ofSeconds(15)).build().start();
        try (LogCapture log = new LogCapture()) {
            server.stop();
            JsonNode lifecycle = JSON.readTree(get(server, "/info").body()).get("lifecycle");
            assertThat(lifecycle.get("phase").asText()).isEqualTo("drain delay");
            assertThat(lifecycle.get("requests_in_flight").asInt()).isZero();
            assertThat(lifecycle.get("open_connections").asInt()).isOne();
            assertThat(lifecycle.get("seconds_left").asDouble()).isBetween(5.0, 15.0);
            for (int i = 0; i < 10; i++) {
                JsonNode ready = probe(get(server, "/readyz"), 503);
                assertThat(ready.get("reason").asText()).contains("drain delay");
                assertThat(get(server, "/health").status()).isEqualTo(503);
                probe(get(server, "/livez"), 200);
                RawResponse answer = predict(server);
                assertThat(answer.status()).as("request %d during the delay: %s", i, answer).isEqualTo(200);
                assertThat(answer.bodyText()).isEqualTo("{\"output\":16}");
            }
            assertThat(server.awaitTermination(Duration.ofSeconds(14))).isTrue();
            assertThat(server.stoppedCleanly()).isTrue();
            assertThat(log.text()).contains("serving for the drain delay of 5000 ms")
                    .contains("stopping: drain delay, 0 request(s) in flight (0 queued)");
        } finally {
            server.close();
        }
    }

    @Test
    void duringTheDrainDelayEachKeepAliveConnectionIsClosedByItsNextWholeAnswer() throws Exception {
        LitServer server = Servers.local().api(new Square()).drainDelay(Duration.ofSeconds(5))
                .gracefulTimeout(Duration.ofSeconds(15)).build().start();
        String body = "{\"input\": 3}";
        String keepAlive = "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        try (RawConnection pooled = RawConnection.open(server.port())) {
            RawResponse before = pooled.send(keepAlive).read();
            assertThat(before.status()).isEqualTo(200);
            assertThat(before.header("Connection")).as("kept alive before the stop").isNull();

            server.stop();
            await().atMost(Duration.ofSeconds(5)).until(() -> get(server, "/readyz").status() == 503);

            RawResponse last = pooled.send(keepAlive).read();
            assertThat(last.status()).as("answered in full on the connection opened before the stop").isEqualTo(200);
            assertThat(last.bodyText()).isEqualTo("{\"output\":9}");
            assertThat(last.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(pooled.isClosedByServer()).as("closed after that answer, within the delay").isTrue();
            try (RawConnection fresh = RawConnection.open(server.port())) {
                RawResponse answer = fresh.send(keepAlive).read();
                assertThat(answer.status()).as("a new connection is still served").isEqualTo(200);
                assertThat(answer.header("Connection")).isEqualToIgnoringCase("close");
                assertThat(fresh.isClosedByServer()).isTrue();
            }
            assertThat(JSON.readTree(get(server, "/info").body()).get("lifecycle").get("phase").asText())
                    .as("all of it within the drain delay").isEqualTo("drain delay");
            assertThat(server.awaitTermination(Duration.ofSeconds(14))).isTrue();
            assertThat(server.stoppedCleanly()).isTrue();
        } finally {
            server.close();
        }
    }

    @Test
    void aConnectionOpenedButSilentWhenTheDrainBeginsIsServedNotClosed() throws Exception {
        Square api = new Square();
        LitServer server = Servers.local().api(api).workersPerDevice(2).gracefulTimeout(Duration.ofSeconds(15))
                .build().start();
        String body = "{\"input\": 5}";
        try (RawConnection idle = RawConnection.open(server.port());
                RawConnection silent = RawConnection.open(server.port())) {
            assertThat(idle.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            CompletableFuture<HttpResponse<String>> held = new Http(server.port()).postAsync("/predict",
                    "{\"hold\": true}");
            assertThat(api.entered.await(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> silentConnectionsOpen(server));
            server.stop();
            assertThat(idle.isClosedByServer()).as("idle after an answer: closed by the drain").isTrue();

            // As a balancer that has not seen the stop: it opened the connection and writes now.
            RawResponse answer = silent.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).read();
            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
            assertThat(answer.bodyText()).isEqualTo("{\"output\":25}");
            assertThat(answer.header("Connection")).isEqualToIgnoringCase("close");
            api.release.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS).body()).isEqualTo("{\"output\":\"released\"}");
            assertThat(server.awaitTermination(Duration.ofSeconds(14))).isTrue();
            assertThat(server.stoppedCleanly()).isTrue();
        } finally {
            api.release.countDown();
            server.close();
        }
    }

    @Test
    void afterADrainDelayAConnectionLeftIdleInAPoolIsServedDuringTheDrainNotClosedUnderIt() throws Exception {
        Square api = new Square();
        LitServer server = Servers.local().api(api).workersPerDevice(2).drainDelay(Duration.ofMillis(300))
                .gracefulTimeout(Duration.ofSeconds(15)).build().start();
        String body = "{\"input\": 5}";
        String request = "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        try (RawConnection pooled = RawConnection.open(server.port())) {
            assertThat(pooled.send(request).read().status()).isEqualTo(200); // kept alive, then idle all through the delay
            CompletableFuture<HttpResponse<String>> held = new Http(server.port()).postAsync("/predict",
                    "{\"hold\": true}");
            assertThat(api.entered.await(10, TimeUnit.SECONDS)).isTrue();
            server.stop();
            await().atMost(Duration.ofSeconds(5)).until(() -> refuses(server.port())); // the drain has begun

            // As a balancer without readiness checks, which takes the pooled connection for its next POST.
            RawResponse answer = pooled.send(request).read();
            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
            assertThat(answer.bodyText()).isEqualTo("{\"output\":25}");
            assertThat(answer.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(pooled.isClosedByServer()).isTrue();
            api.release.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS).body()).isEqualTo("{\"output\":\"released\"}");
            assertThat(server.awaitTermination(Duration.ofSeconds(14))).isTrue();
            assertThat(server.stoppedCleanly()).isTrue();
        } finally {
            api.release.countDown();
            server.close();
        }
    }

    private static boolean refuses(int port) {
        try (java.net.Socket probe = new java.net.Socket()) {
            probe.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1_000);
            return false;
        } catch (java.io.IOException refused) {
            return true;
        }
    }

    /** True once the server has counted the test's connections (its accept can trail the client's connect). */
    private static boolean silentConnectionsOpen(LitServer server) throws Exception {
        return JSON.readTree(get(server, "/info").body()).path("lifecycle").path("open_connections").asInt() >= 4;
    }

    @Test
    void whileDrainingALineASecondSaysWhatIsLeftAndHowLong() throws Exception {
        Square api = new Square();
        LitServer server = Servers.local().api(api).gracefulTimeout(Duration.ofSeconds(15)).build().start();
        try (LogCapture log = new LogCapture()) {
            CompletableFuture<HttpResponse<String>> held = new Http(server.port()).postAsync("/predict",
                    "{\"hold\": true}");
            assertThat(api.entered.await(10, TimeUnit.SECONDS)).isTrue();
            server.stop();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.text())
                    .containsPattern("stopping: draining, 1 request\\(s\\) in flight \\(0 queued\\), 1 open"
                            + " connection\\(s\\), 1[0-4]\\.[0-9] s left"));
            api.release.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS).body()).isEqualTo("{\"output\":\"released\"}");
            assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
        } finally {
            api.release.countDown();
            server.close();
        }
    }

    @Test
    void probePathsAreConfigurableAndADrainDelayMustLeaveTimeToDrain() throws Exception {
        try (LitServer server = Servers.local().api(new Square()).livenessPath("/alive").readinessPath("/ready")
                .build().start()) {
            probe(get(server, "/alive"), 200);
            probe(get(server, "/ready"), 200);
            assertThat(get(server, "/readyz").status()).isEqualTo(404);
        }
        assertThatThrownBy(() -> Servers.local().api(new Square()).drainDelay(Duration.ofSeconds(30)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be shorter than gracefulTimeout");
        // The drain keeps at least a second of the deadline (half of one under 2 s): 29.5 s of 30 leave too little.
        assertThatThrownBy(() -> Servers.local().api(new Square()).drainDelay(Duration.ofMillis(29_500)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("by at least PT1S");
        try (LitServer fits = Servers.local().api(new Square()).drainDelay(Duration.ofSeconds(29)).build()) {
            assertThat(fits.drainDelay()).isEqualTo(Duration.ofSeconds(29));
        }
        assertThatThrownBy(() -> Servers.local().api(new Square()).gracefulTimeout(Duration.ofSeconds(1))
                .drainDelay(Duration.ofMillis(600)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("by at least PT0.5S");
        try (LitServer fits = Servers.local().api(new Square()).gracefulTimeout(Duration.ofSeconds(1))
                .drainDelay(Duration.ofMillis(500)).build()) {
            assertThat(fits.drainDelay()).isEqualTo(Duration.ofMillis(500));
        }
        assertThatThrownBy(() -> Servers.local().api(new Square()).readinessPath("/health").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already used by healthcheckPath");
    }
}
