package dev.litserve4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litserve4j.LitServer;
import dev.litserve4j.LitServerBuilder;
import dev.litserve4j.examples.SquareApi;
import dev.litserve4j.testing.Http;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServeOptionsTest {

    private static LitServerBuilder builder() {
        return LitServer.builder().api(new SquareApi()).environment(java.util.Map.of());
    }

    @Test
    void flagsReachTheServerAsTheInfoDocumentShows() {
        LitServerBuilder builder = builder();
        ServeOptions.apply(List.of("--host", "127.0.0.1", "--port=0", "--workers-per-device", "2",
                "--timeout", "false", "--max-payload-size", "10MB", "--info-path", "/details",
                "--model-metadata", "{\"name\":\"square\"}", "--track-requests"), builder);
        try (LitServer server = builder.build().start()) {
            String info = new Http(server.port()).get("/details").body();
            assertThat(info).isEqualTo("{\"model\":{\"name\":\"square\"},\"server\":{\"devices\":[\"cpu\"],"
                    + "\"workers_per_device\":2,\"timeout\":false,\"stream\":{\"/predict\":false},"
                    + "\"max_payload_size\":\"10MB\",\"track_requests\":true},"
                    + "\"lifecycle\":{\"phase\":\"running\",\"requests_in_flight\":0,\"requests_queued\":0,"
                    + "\"open_connections\":1,\"seconds_left\":null}}");
        }
    }

    @Test
    void everyFlagIsInTheReadmeFlagTable() throws Exception {
        java.nio.file.Path readme = java.nio.file.Path.of(System.getProperty("user.dir")).getParent().resolve("README.md");
        List<String> rows = java.nio.file.Files.readAllLines(readme).stream().filter(l -> l.startsWith("| `--")).toList();
        List<String> flags = ServeOptions.help().lines().map(l -> l.trim().split(" ")[0]).toList();
        assertThat(flags).contains("--warmup-requests", "--warmup-timeout");
        for (String flag : flags) {
            assertThat(rows).as("the README's flag table row of %s", flag).anyMatch(r -> r.contains("`" + flag));
        }
    }

    @Test
    void warmupFlagsReachTheBuilderAndABadCountIsRefused() {
        LitServerBuilder builder = builder();
        ServeOptions.apply(List.of("--warmup-requests", "-3"), builder);
        assertThatThrownBy(builder::build).hasMessageContaining("warmupRequests must be >= 0");
        assertThatThrownBy(() -> ServeOptions.apply(List.of("--warmup-requests", "many"), builder()))
                .hasMessageContaining("--warmup-requests needs a whole number");
    }

    @Test
    void mcpFlagsMakeOneToolInEitherOrderAndRefuseAServerWithoutAPlainApi() {
        LitServerBuilder builder = builder();
        ServeOptions.apply(List.of("--host", "127.0.0.1", "--port", "0", "--mcp-description", "Squares", "--mcp"),
                builder);
        try (LitServer server = builder.build().start()) {
            String tools = new Http(server.port()).send(new Http(server.port()).request("/mcp")
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")).build()).body();
            assertThat(tools).contains("\"name\":\"predict\"", "\"description\":\"Squares\"");
        }
        LitServerBuilder streaming = builder();
        ServeOptions.apply(List.of("--stream", "--mcp"), streaming);
        assertThatThrownBy(streaming::build).hasMessageContaining("no API can be an MCP tool");
    }

    @Test
    void apiPathFlagMovesThePredictRoute() {
        LitServerBuilder builder = builder();
        ServeOptions.apply(List.of("--host", "127.0.0.1", "--port", "0", "--api-path", "/square",
                "--max-batch-size", "4", "--batch-timeout", "0.01"), builder);
        try (LitServer server = builder.build().start()) {
            Http http = new Http(server.port());
            assertThat(http.post("/square", "{\"input\": 3}").body()).isEqualTo("{\"output\":9.0}");
            assertThat(http.post("/predict", "{\"input\": 3}").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void probeAndBodyFlagsReachTheServer() {
        LitServerBuilder builder = builder();
        ServeOptions.apply(List.of("--host", "127.0.0.1", "--port", "0", "--readiness-path", "/ready",
                "--liveness-path", "/alive", "--drain-delay", "0", "--max-body-read-rate", "none",
                "--max-body-buffer", "64"), builder);
        try (LitServer server = builder.build().start()) {
            Http http = new Http(server.port());
            assertThat(http.get("/ready").body()).isEqualTo("{\"status\":\"ready\"}");
            assertThat(http.get("/alive").body()).isEqualTo("{\"status\":\"alive\"}");
        }
        assertThatThrownBy(() -> ServeOptions.apply(List.of("--drain-delay", "soon"), builder()))
                .hasMessageContaining("--drain-delay needs a number of seconds");
        assertThatThrownBy(() -> ServeOptions.apply(List.of("--max-body-buffer", "lots"), builder()))
                .hasMessageContaining("--max-body-buffer needs a positive number of MiB");
        LitServerBuilder long40 = builder();
        ServeOptions.apply(List.of("--drain-delay", "40"), long40);
        assertThatThrownBy(long40::build).hasMessageContaining("drainDelay (PT40S) must be shorter than gracefulTimeout");
    }

    @Test
    void noDocsTurnsOffTheOpenApiDocumentAndTheDocsPage() {
        LitServerBuilder on = builder();
        ServeOptions.apply(List.of("--host", "127.0.0.1", "--port", "0"), on);
        try (LitServer server = on.build().start()) {
            Http http = new Http(server.port());
            assertThat(http.get("/openapi.json").statusCode()).isEqualTo(200);
            assertThat(http.get("/docs").statusCode()).isEqualTo(200);
        }
        LitServerBuilder off = builder();
        ServeOptions.apply(List.of("--host", "127.0.0.1", "--port", "0", "--no-docs"), off);
        try (LitServer server = off.build().start()) {
            Http http = new Http(server.port());
            assertThat(http.get("/openapi.json").statusCode()).isEqualTo(404);
            assertThat(http.get("/docs").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void unknownFlagIsNamedAndTheOptionsAreListed() {
        assertThatThrownBy(() -> ServeOptions.apply(List.of("--prot", "80"), builder()))
                .hasMessageContaining("unknown option --prot")
                .hasMessageContaining("--port PORT");
    }

    @Test
    void flagWithoutItsValueSaysWhatValueItNeeds() {
        assertThatThrownBy(() -> ServeOptions.apply(List.of("--port"), builder()))
                .hasMessageContaining("--port needs a value: --port PORT");
        assertThatThrownBy(() -> ServeOptions.apply(List.of("--port", "--stream"), builder()))
                .hasMessageContaining("--port needs a value");
    }

    @Test
    void badNumbersAreRejectedWithTheValue() {
        assertThatThrownBy(() -> ServeOptions.apply(List.of("--workers-per-device", "two"), builder()))
                .hasMessageContaining("--workers-per-device needs a whole number, got 'two'");
        assertThatThrownBy(() -> ServeOptions.apply(List.of("--batch-timeout", "soon"), builder()))
                .hasMessageContaining("--batch-timeout needs a number of seconds");
        assertThatThrownBy(() -> ServeOptions.apply(List.of("--model-metadata", "{name"), builder()))
                .hasMessageContaining("--model-metadata needs JSON");
    }

    @Test
    void switchesRefuseAValue() {
        assertThatThrownBy(() -> ServeOptions.apply(List.of("--track-requests=yes"), builder()))
                .hasMessageContaining("--track-requests takes no value");
    }

    @Test
    void everyOptionOfTheProductIsAFlag() {
        assertThat(ServeOptions.help()).contains("--port", "--host", "--api-path", "--workers-per-device",
                "--max-batch-size", "--batch-timeout", "--timeout", "--stream", "--max-payload-size",
                "--healthcheck-path", "--info-path", "--model-metadata", "--graceful-timeout");
    }
}
