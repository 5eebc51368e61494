package dev.litserve4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Setup and teardown, start and stop, and what a dying worker means. */
class LifecycleIT {

    /** Squares {@code input}; {@code "overflow": true} kills the worker with an {@link Error}. */
    static final class Recording implements LitApi<Map<String, Object>, Map<String, Object>> {
        final List<String> devices = new CopyOnWriteArrayList<>();
        final AtomicInteger setups = new AtomicInteger();
        final List<String> teardownThreads = new CopyOnWriteArrayList<>();

        @Override
        public void setup(Device device) {
            devices.add(device.toString());
            setups.incrementAndGet();
        }

        @Override
        public Map<String, Object> predict(Map<String, Object> in) {
            if (Boolean.TRUE.equals(in.get("overflow"))) {
                throw new StackOverflowError();
            }
            int x = ((Number) in.get("input")).intValue();
            return Map.of("output", x * x);
        }

        @Override
        public void teardown() {
            teardownThreads.add(Thread.currentThread().getName());
        }
    }

    static final class FailingSetup implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public void setup(Device device) {
            throw new IllegalStateException("model file missing");
        }

        @Override
        public Map<String, Object> predict(Map<String, Object> in) {
            return in;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Test
    void setupReceivesTheCpuDevice() {
        Recording api = new Recording();
        LitServer server = Servers.local().api(api).build();
        try (server) {
            server.start();

            assertThat(api.devices).containsExactly("cpu");
        }
    }

    @Test
    void teardownRunsOnceOnEveryWorkerWhenTheServerCloses() {
        Recording api = new Recording();
        LitServer server = Servers.local().api(api).workersPerDevice(3).build().start();
        assertThat(api.setups.get()).isEqualTo(3);
        assertThat(api.teardownThreads).isEmpty();

        server.close();

        assertThat(api.teardownThreads).hasSize(3).doesNotHaveDuplicates()
                .allMatch(name -> name.startsWith("litserve4j-"));
    }

    @Test
    void failingSetupMakesStartThrowAndLeavesThePortFree() throws Exception {
        int port = freePort();
        try (LitServer server = Servers.local().port(port).api(new FailingSetup()).build()) {
            assertThatThrownBy(server::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("model file missing");
        }

        try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void startingTwiceThrows() {
        try (LitServer server = Servers.start(new Recording())) {
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
            assertThat(new Http(server.port()).get("/health").statusCode()).as("still serving").isEqualTo(200);
        }
    }

    @Test
    void stopTwiceReturnsAndCloseAfterStopReturns() throws Exception {
        LitServer server = Servers.start(new Recording());
        int port = server.port();

        server.stop().get(10, SECONDS);
        server.stop().get(10, SECONDS);
        server.close();

        assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    }

    @Test
    void portIsTheBoundPortWhenBuiltWithPortZero() throws Exception {
        try (LitServer server = Servers.start(new Recording())) {
            int port = server.port();

            assertThat(port).isPositive();
            assertThat(new Http(port).get("/health").body()).isEqualTo("ok");
        }
    }

    @Test
    void portOfAServerNotStartedYetThrows() {
        try (LitServer server = Servers.local().api(new Recording()).build()) {
            assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void workerKilledByAnErrorIsReplacedWhenRestartWorkersIsOn() {
        Recording api = new Recording();
        try (LitServer server = Servers.local().api(api).restartWorkers(true).build().start()) {
            Http http = new Http(server.port());

            HttpResponse<String> killed = http.post("/predict", "{\"overflow\": true}");
            HttpResponse<String> next = http.post("/predict", "{\"input\": 3}");

            assertThat(killed.statusCode()).isEqualTo(500);
            assertThat(killed.body()).isEqualTo("{\"detail\":\"Internal server error\"}");
            assertThat(next.statusCode()).isEqualTo(200);
            assertThat(next.body()).isEqualTo("{\"output\":9}");
            assertThat(api.setups.get()).as("the replacement worker ran setup").isEqualTo(2);
        }
    }

    @Test
    void workerKilledByAnErrorStopsTheServerWhenRestartWorkersIsOff() throws Exception {
        Recording api = new Recording();
        try (LitServer server = Servers.local().api(api).restartWorkers(false).build().start()) {
            HttpResponse<String> killed = new Http(server.port()).post("/predict", "{\"overflow\": true}");

            assertThat(killed.statusCode()).isEqualTo(500);
            assertThat(killed.body()).isEqualTo("{\"detail\":\"Internal server error\"}");
            assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void aStoppedServerCannotBeStartedAgain() throws Exception {
        LitServer server = Servers.start(new Recording());
        server.stop().get(10, SECONDS);

        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startOnAPortInUseThrowsAndTearsTheWorkersDown() {
        Recording second = new Recording();
        try (LitServer first = Servers.start(new Recording());
                LitServer server = Servers.local().port(first.port()).api(second).build()) {
            assertThatThrownBy(server::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(String.valueOf(first.port()));
            assertThat(second.teardownThreads).hasSize(1);
            assertThat(new Http(first.port()).get("/health").body()).as("the first server is untouched")
                    .isEqualTo("ok");
        }
    }
}
