package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** APIs served as MCP tools at {@code /mcp}, called with the official MCP Java SDK's streamable HTTP client. */
class McpIT {

    record Celsius(double celsius) {
    }

    /** Celsius to Fahrenheit; below absolute zero is the API's own 400. */
    static final class FahrenheitApi implements LitApi<Celsius, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Celsius input) {
            if (input.celsius() < -273.15) {
                throw new HttpError(400, "celsius must be at least -273.15 (absolute zero), got " + input.celsius());
            }
            return Map.of("fahrenheit", input.celsius() * 9 / 5 + 32);
        }
    }

    /** Takes a bare number: its tool takes it as the argument "input". */
    static final class DoubleApi implements LitApi<Double, Double> {
        @Override
        public Double predict(Double input) {
            return input * 2;
        }
    }

    /** Waits until released (bounded): its calls outlive a short request timeout. */
    static final class StuckApi implements LitApi<Map<String, Object>, Map<String, Object>> {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Map<String, Object> predict(Map<String, Object> input) throws InterruptedException {
            release.await(10, TimeUnit.SECONDS);
            return Map.of("done", true);
        }
    }

    /** Lets in "Bearer alice" only, and tells predict who called. */
    static final class WhoAmI implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public void authorize(RequestContext context) {
            if (!"Bearer alice".equals(context.header("Authorization"))) {
                throw new HttpError(401, "Send Authorization: Bearer alice");
            }
            context.put("user", "alice");
        }

        @Override
        public Map<String, Object> predict(Map<String, Object> input, RequestContext context) {
            return Map.of("user", context.get("user"));
        }
    }

    private static McpSyncClient client(LitServer server) {
        return client(server, HttpRequest.newBuilder());
    }

    private static McpSyncClient client(LitServer server, HttpRequest.Builder requests) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + server.port()).endpoint("/mcp").requestBuilder(requests).build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10))
                .initializationTimeout(Duration.ofSeconds(10)).build();
    }

    private static LitServer temperatureServer() {
        return Servers.local()
                .api(new FahrenheitApi(), ApiOptions.path("/fahrenheit")
                        .mcp(Mcp.tool("to_fahrenheit").description("Converts degrees Celsius to Fahrenheit")))
                .api(new DoubleApi(), ApiOptions.path("/double").mcp(Mcp.tool()))
                .build().start();
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @Test
    void theSdkClientListsTheToolsAndCallsOneInTheSameSessionAfterABadArgument() {
        try (LitServer server = temperatureServer(); McpSyncClient client = client(server)) {
            McpSchema.InitializeResult init = client.initialize();
            assertThat(init.serverInfo().name()).isEqualTo("litserve4j");
            assertThat(init.capabilities().tools()).isNotNull();

            List<McpSchema.Tool> tools = client.listTools().tools();
            assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder("to_fahrenheit", "double");
            McpSchema.Tool fahrenheit = tools.stream().filter(t -> t.name().equals("to_fahrenheit")).findFirst().get();
            assertThat(fahrenheit.description()).isEqualTo("Converts degrees Celsius to Fahrenheit");
            assertThat(fahrenheit.inputSchema()).containsEntry("type", "object")
                    .containsEntry("properties", Map.of("celsius", Map.of("type", "number", "format", "double")))
                    .doesNotContainKey("$defs");

            McpSchema.CallToolResult good = client.callTool(new McpSchema.CallToolRequest("to_fahrenheit",
                    Map.of("celsius", 100)));
            assertThat(good.isError()).isFalse();
            assertThat(text(good)).isEqualTo("{\"fahrenheit\":212.0}");
            assertThat(good.structuredContent()).isEqualTo(Map.of("fahrenheit", 212.0));

            // An argument of the wrong type is stopped by the input schema, before the API.
            McpSchema.CallToolResult wrongType = client.callTool(new McpSchema.CallToolRequest("to_fahrenheit",
                    Map.of("celsius", "hot")));
            assertThat(wrongType.isError()).isTrue();
            assertThat(text(wrongType)).contains("celsius");

            // A value the API refuses is its own 400, as a tool error the model can read.
            McpSchema.CallToolResult refused = client.callTool(new McpSchema.CallToolRequest("to_fahrenheit",
                    Map.of("celsius", -300)));
            assertThat(refused.isError()).isTrue();
            assertThat(text(refused)).isEqualTo("celsius must be at least -273.15 (absolute zero), got -300.0");
            assertThat(refused.structuredContent()).isEqualTo(Map.of("status", 400,
                    "detail", "celsius must be at least -273.15 (absolute zero), got -300.0"));

            McpSchema.CallToolResult again = client.callTool(new McpSchema.CallToolRequest("to_fahrenheit",
                    Map.of("celsius", 0)));
            assertThat(again.isError()).isFalse();
            assertThat(text(again)).isEqualTo("{\"fahrenheit\":32.0}");
        }
    }

    @Test
    void anApiThatTakesANumberIsAToolWhoseArgumentIsInput() {
        try (LitServer server = temperatureServer(); McpSyncClient client = client(server)) {
            client.initialize();
            McpSchema.Tool tool = client.listTools().tools().stream().filter(t -> t.name().equals("double"))
                    .findFirst().get();
            assertThat(tool.inputSchema()).containsEntry("required", List.of("input"));
            assertThat(tool.description()).contains("DoubleApi", "POST /double");

            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("double",
                    Map.of("input", 21)));
            assertThat(result.isError()).isFalse();
            assertThat(text(result)).isEqualTo("42.0");
        }
    }

    @Test
    void aToolCallThatOutlivesTheRequestTimeoutIsATimedOutToolError() {
        StuckApi stuck = new StuckApi();
        try (LitServer server = Servers.local().timeout(Duration.ofMillis(300))
                .api(stuck, ApiOptions.defaults().mcp(Mcp.tool())).build().start();
                McpSyncClient client = client(server)) {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("predict", Map.of()));
            assertThat(result.isError()).isTrue();
            assertThat(text(result)).isEqualTo("Request timed out");
            assertThat(result.structuredContent()).isEqualTo(Map.of("status", 504, "detail", "Request timed out"));
        } finally {
            stuck.release.countDown();
        }
    }

    @Test
    void anApisAuthorizeDecidesItsToolCallsFromThePostsHeaders() {
        try (LitServer server = Servers.local().api(new WhoAmI(), ApiOptions.path("/who").mcp(Mcp.tool())).build()
                .start();
                McpSyncClient stranger = client(server);
                McpSyncClient alice = client(server, HttpRequest.newBuilder().header("Authorization", "Bearer alice"))) {
            stranger.initialize();
            McpSchema.CallToolResult refused = stranger.callTool(new McpSchema.CallToolRequest("who", Map.of()));
            assertThat(refused.isError()).isTrue();
            assertThat(refused.structuredContent()).isEqualTo(Map.of("status", 401,
                    "detail", "Send Authorization: Bearer alice"));

            alice.initialize();
            McpSchema.CallToolResult let = alice.callTool(new McpSchema.CallToolRequest("who", Map.of()));
            assertThat(let.isError()).isFalse();
            assertThat(let.structuredContent()).isEqualTo(Map.of("user", "alice"));
        }
    }

    @Test
    void theServersApiKeyGuardsTheMcpEndpoint() {
        try (LitServer server = Servers.local().apiKey("k3y").api(new FahrenheitApi(),
                ApiOptions.defaults().mcp(Mcp.tool())).build().start()) {
            Http http = new Http(server.port());
            String list = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
            assertThat(http.send(mcpPost(http, list).build()).statusCode()).isEqualTo(401);
            HttpResponse<String> keyed = http.send(mcpPost(http, list).header("X-API-Key", "k3y").build());
            assertThat(keyed.statusCode()).isEqualTo(200);
            assertThat(keyed.body()).contains("\"name\":\"predict\"");
        }
    }

    @Test
    void theEndpointAnswersPlainHttpAsTheStreamableTransportSays() {
        try (LitServer server = temperatureServer()) {
            Http http = new Http(server.port());
            HttpResponse<String> get = http.get("/mcp");
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(get.headers().firstValue("Allow")).hasValue("POST");

            HttpResponse<String> notJson = http.send(mcpPost(http, "{not json").build());
            assertThat(notJson.statusCode()).isEqualTo(400);
            assertThat(notJson.body()).contains("\"code\":-32700", "JSON-RPC 2.0 message");

            HttpResponse<String> notification = http.send(mcpPost(http,
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").build());
            assertThat(notification.statusCode()).isEqualTo(202);
            assertThat(notification.body()).isEmpty();

            HttpResponse<String> unknownTool = http.send(mcpPost(http, "{\"jsonrpc\":\"2.0\",\"id\":7,"
                    + "\"method\":\"tools/call\",\"params\":{\"name\":\"nope\",\"arguments\":{}}}").build());
            assertThat(unknownTool.statusCode()).isEqualTo(200);
            assertThat(unknownTool.body()).contains("\"id\":7", "\"error\"", "nope");

            HttpResponse<String> otherOrigin = http.send(mcpPost(http,
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")
                    .header("Origin", "http://evil.example").build());
            assertThat(otherOrigin.statusCode()).isEqualTo(403);

            HttpResponse<String> sameOrigin = http.send(mcpPost(http,
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")
                    .header("Origin", "http://127.0.0.1:" + server.port()).build());
            assertThat(sameOrigin.statusCode()).isEqualTo(200);
            assertThat(sameOrigin.body()).contains("to_fahrenheit");
            assertThat(sameOrigin.headers().firstValue("Mcp-Session-Id")).isEmpty();
        }
    }

    private static HttpRequest.Builder mcpPost(Http http, String body) {
        return http.request("/mcp").header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
