package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The graceful sequence after the shutdown route's 200: PRODUCT.md section 3. */
class GracefulShutdownIT {

    private static final String KEY = "k";

    /** Holds every request in predict until {@code release} opens; counts entries and teardowns. */
    static final class GatedApi implements LitApi<Map<String, Object>, Map<String, Object>> {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger entered = new AtomicInteger();
        final AtomicInteger teardowns = new AtomicInteger();

        @Override
        public Map<String, Object> predict(Map<String, Object> request) throws InterruptedException {
            entered.incrementAndGet();
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the gate");
            }
            return Map.of("output", request.get("input"));
        }

        @Override
        public void teardown() {
            teardowns.incrementAndGet();
        }
    }

    private static LitServerBuilder builder(LitApi<?, ?> api) {
        return Servers.local().api(api).enableShutdownApi(true).shutdownApiKey(KEY);
    }

    private static HttpResponse<String> shutdown(Http http) {
        return http.send(http.request("/shutdown").header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static boolean refuses(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException other) {
            return false;
        }
    }

    @Test
    void portRefusesConnectionsWithinOneSecondOfThe200AndANewServerBindsItAtOnce() throws Exception {
        GatedApi api = new GatedApi();
        LitServer server = builder(api).build().start();
        int port = server.port();
        Http http = new Http(port);
        CompletableFuture<HttpResponse<String>> inFlight = http.postAsync("/predict", "{\"input\": 1}");
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.entered.get() == 1);
            assertThat(shutdown(http).statusCode()).isEqualTo(200);

            Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10)).until(() -> refuses(port));
            // The old server is still draining its in-flight request, and the port is already free.
            try (LitServer successor = Servers.local().port(port).api(new ShutdownApiIT.Echo()).build().start()) {
                assertThat(successor.port()).isEqualTo(port);
                assertThat(new Http(port).post("/predict", "{\"a\":1}").body()).isEqualTo("{\"a\":1}");
            }
        } finally {
            api.release.countDown();
            server.close();
        }
        assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void inFlightAndQueuedRequestsAllCompleteDuringTheDrain() throws Exception {
        GatedApi api = new GatedApi();
        AtomicInteger received = new AtomicInteger();
        Callback counter = new Callback() {
            @Override
            public void onRequest(LitServer server, Integer active) {
                received.incrementAndGet();
            }
        };
        LitServer server = builder(api).workersPerDevice(4).callbacks(counter).build().start();
        Http http = new Http(server.port());
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                answers.add(http.postAsync("/predict", "{\"input\": " + i + "}"));
            }
            // 4 in predict, 2 queued behind them.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.entered.get() == 4 && received.get() == 6);

            assertThat(shutdown(http).statusCode()).isEqualTo(200);
            Awaitility.await().atMost(Duration.ofSeconds(1)).until(() -> refuses(server.port()));
            assertThat(server.awaitTermination(Duration.ofMillis(200))).isFalse();

            api.release.countDown();
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> answer = answers.get(i).get(10, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("{\"output\":" + i + "}");
            }
            assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(server.stoppedCleanly()).isTrue();
            assertThat(api.teardowns.get()).isEqualTo(4);
        } finally {
            api.release.countDown();
            server.close();
        }
    }

    @Test
    void requestStillRunningAtTheDeadlineGets503AndWorkersAreStillTornDown() throws Exception {
        GatedApi api = new GatedApi();
        LitServer server = builder(api).workersPerDevice(2).gracefulTimeout(Duration.ofMillis(300)).build().start();
        Http http = new Http(server.port());
        try {
            CompletableFuture<HttpResponse<String>> stuck = http.postAsync("/predict", "{\"input\": 1}");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.entered.get() == 1);

            assertThat(shutdown(http).statusCode()).isEqualTo(200);

            HttpResponse<String> answer = stuck.get(10, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).isEqualTo("{\"detail\":\"Server is shutting down\"}");
            assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(server.stoppedCleanly()).isFalse();
            // Teardown gets what is left of the deadline; it still runs, if after the stop returned.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.teardowns.get() == 2);
        } finally {
            api.release.countDown();
            server.close();
        }
    }

    @Test
    void busyKeepAliveConnectionIsServedItsNextRequestWithConnectionCloseWhileHealthSays503() throws Exception {
        GatedApi api = new GatedApi();
        LitServer server = builder(api).build().start();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String body = "{\"input\": 7}";
            // A request the worker holds, and a second one behind it on the same connection.
            out.write(("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.entered.get() == 1);

            assertThat(shutdown(new Http(server.port())).statusCode()).isEqualTo(200);
            Awaitility.await().atMost(Duration.ofSeconds(1)).until(() -> refuses(server.port()));
            api.release.countDown();

            String replies = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(replies).startsWith("HTTP/1.1 200 OK").contains("{\"output\":7}");
            String second = replies.substring(replies.indexOf("HTTP/1.1", 10));
            assertThat(second).startsWith("HTTP/1.1 503").containsIgnoringCase("connection: close").endsWith("not ready");
        } finally {
            api.release.countDown();
            server.close();
        }
    }

    @Test
    void idleKeepAliveConnectionsAreClosedWhenTheDrainStarts() throws Exception {
        LitServer server = builder(new ShutdownApiIT.Echo()).build().start();
        try (Socket idle = new Socket("127.0.0.1", server.port())) {
            idle.setSoTimeout(10_000);
            idle.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = idle.getInputStream();
            byte[] buffer = new byte[4096];
            assertThat(new String(buffer, 0, in.read(buffer), StandardCharsets.US_ASCII)).endsWith("ok");

            assertThat(shutdown(new Http(server.port())).statusCode()).isEqualTo(200);

            assertThat(in.read(buffer)).isEqualTo(-1); // closed by the server, not by the read timeout
        } finally {
            server.close();
        }
    }

    @Test
    void noThreadOfTheServerOutlivesIt() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        LitServer server = builder(new ShutdownApiIT.Echo()).workersPerDevice(3).build().start();
        Http http = new Http(server.port());
        assertThat(http.post("/predict", "{\"a\":1}").statusCode()).isEqualTo(200);
        assertThat(ours(before)).isNotEmpty();

        assertThat(shutdown(http).statusCode()).isEqualTo(200);
        assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();

        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ours(before)).isEmpty());
    }

    private static Set<String> ours(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("litserve4j-"))
                .map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : ""))
                .collect(Collectors.toSet());
    }

    @Test
    void stopIsIdempotentAndCloseWaitsForTheSameTermination() throws Exception {
        LitServer server = builder(new ShutdownApiIT.Echo()).build().start();
        CompletableFuture<Void> first = server.stop();
        CompletableFuture<Void> second = server.stop();
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        server.close();
        assertThat(server.stoppedCleanly()).isTrue();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stopDuringSetupStopsTheServerWithoutEverListening() throws Exception {
        CountDownLatch inSetup = new CountDownLatch(1);
        CountDownLatch finishSetup = new CountDownLatch(1);
        LitApi<Map<String, Object>, Map<String, Object>> slowSetup = new LitApi<>() {
            @Override
            public void setup(Device device) throws InterruptedException {
                inSetup.countDown();
                finishSetup.await(30, TimeUnit.SECONDS);
            }

            @Override
            public Map<String, Object> predict(Map<String, Object> input) {
                return input;
            }
        };
        LitServer server = builder(slowSetup).build();
        CompletableFuture<Void> starting = CompletableFuture.runAsync(server::start);
        assertThat(inSetup.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopped = server.stop(); // like a SIGTERM while the model loads
        finishSetup.countDown();

        starting.get(10, TimeUnit.SECONDS);
        stopped.get(10, TimeUnit.SECONDS);
        assertThat(server.stoppedCleanly()).isTrue();
        assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class); // never bound
    }

    @Test
    void whenTheOnlyWorkerDiesQueuedRequestsAreAnsweredAtOnceNotAtTheDeadline() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch die = new CountDownLatch(1);
        LitApi<Map<String, Object>, Map<String, Object>> dying = new LitApi<>() {
            @Override
            public Map<String, Object> predict(Map<String, Object> input) throws InterruptedException {
                entered.countDown();
                die.await(30, TimeUnit.SECONDS);
                throw new StackOverflowError("dies on purpose");
            }
        };
        AtomicInteger received = new AtomicInteger();
        Callback counter = new Callback() {
            @Override
            public void onRequest(LitServer server, Integer active) {
                received.incrementAndGet();
            }
        };
        LitServer server = builder(dying).callbacks(counter).gracefulTimeout(Duration.ofSeconds(30)).build().start();
        try {
            Http http = new Http(server.port());
            CompletableFuture<HttpResponse<String>> first = http.postAsync("/predict", "{}");
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<HttpResponse<String>> queued = http.postAsync("/predict", "{}");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.get() == 2);

            die.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
            HttpResponse<String> second = queued.get(10, TimeUnit.SECONDS); // well before the 30 s deadline
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.body()).isEqualTo("{\"detail\":\"Server is shutting down\"}");
            assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(server.stoppedCleanly()).isFalse();
        } finally {
            die.countDown();
            server.close();
        }
    }
}
