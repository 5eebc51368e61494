package dev.litserve4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.LitServer;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's MCP example is FahrenheitTool.java, shown verbatim, served and called as a tool here. */
class FahrenheitToolTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCE = Path.of("src", "main", "java", "dev", "litserve4j", "examples", "FahrenheitTool.java");

    @Test
    void readmeShowsTheSourceVerbatim() throws IOException {
        String source = Files.readString(SOURCE);
        String shown = source.substring(source.indexOf("import dev.litserve4j.ApiOptions;"));
        assertThat(Files.readString(README)).contains("```java\n" + shown + "```");
    }

    @Test
    void theSdkClientCallsTheToolAndARefusedArgumentLeavesTheClientWorking() {
        try (LitServer server = Servers.local().api(new FahrenheitTool.FahrenheitApi(), FahrenheitTool.options())
                .build().start();
                McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport
                        .builder("http://127.0.0.1:" + server.port()).endpoint("/mcp").build())
                        .requestTimeout(Duration.ofSeconds(10)).build()) {
            client.initialize();
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactly("to_fahrenheit");

            McpSchema.CallToolResult cold = client.callTool(new McpSchema.CallToolRequest("to_fahrenheit",
                    Map.of("celsius", -300)));
            assertThat(cold.isError()).isTrue();
            assertThat(((McpSchema.TextContent) cold.content().get(0)).text())
                    .isEqualTo("celsius must be at least -273.15 (absolute zero)");

            McpSchema.CallToolResult boiling = client.callTool(new McpSchema.CallToolRequest("to_fahrenheit",
                    Map.of("celsius", 100)));
            assertThat(boiling.isError()).isFalse();
            assertThat(boiling.structuredContent()).isEqualTo(Map.of("fahrenheit", 212.0));
        }
    }

    @Test
    void theReadmesCurlCallGetsTheAnswerItShows() throws IOException {
        String readme = Files.readString(README);
        try (LitServer server = Servers.local().api(new FahrenheitTool.FahrenheitApi(), FahrenheitTool.options())
                .build().start()) {
            Http http = new Http(server.port());
            String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"to_fahrenheit\",\"arguments\":{\"celsius\":100}}}";
            String answer = http.send(http.request("/mcp").header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build()).body();
            assertThat(readme).contains("-d '" + body + "'\n", "\n" + answer + "\n");
        }
    }
}
