package dev.litserve4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.LitApi;
import dev.litserve4j.LitServer;
import dev.litserve4j.examples.SquareApi;
import dev.litserve4j.onnx.MiniLmEmbeddingsApi;
import dev.litserve4j.testing.Http;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultServerTest {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private static int threads(List<String> given) {
        LitApi<?, ?> embeddings = DefaultServer.apis(DefaultServer.flags(given)).get(0);
        return ((MiniLmEmbeddingsApi) embeddings).intraOpThreads();
    }

    @Test
    void theDefaultsComeFirstSoThatAGivenFlagIsTheLastWord() {
        assertThat(DefaultServer.flags(List.of("--max-batch-size", "8")))
                .startsWith(DefaultServer.FLAGS.toArray(String[]::new)).endsWith("--max-batch-size", "8");
        assertThat(DefaultServer.workersPerDevice(DefaultServer.flags(List.of()))).isEqualTo(2);
        assertThat(DefaultServer.workersPerDevice(DefaultServer.flags(List.of("--workers-per-device", "1")))).isEqualTo(1);
        assertThat(DefaultServer.workersPerDevice(DefaultServer.flags(List.of("--workers-per-device=3")))).isEqualTo(3);
        assertThat(DefaultServer.workersPerDevice(List.of("--workers-per-device", "many"))).isEqualTo(1);
    }

    @Test
    void theSessionsShareTheCoresAmongTheWorkersInTheEnd() {
        assertThat(threads(List.of())).isEqualTo(Math.max(1, CORES / 2));
        assertThat(threads(List.of("--workers-per-device", "1"))).isEqualTo(CORES);
        assertThat(threads(List.of("--workers-per-device=64"))).isEqualTo(1);
    }

    @Test
    void theLastOfARepeatedFlagReachesTheServer() {
        LitServer server = Main.configure(SquareApi.class.getName(), List.of("--host", "127.0.0.1", "--port", "0",
                "--workers-per-device", "2", "--workers-per-device", "3"), Map.of());
        try (LitServer started = server.start()) {
            assertThat(new Http(started.port()).get("/info").body()).contains("\"workers_per_device\":3");
        }
    }
}
