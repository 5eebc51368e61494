package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.litserve4j.testing.Servers;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** build() refuses an MCP option it cannot serve, naming what to change. */
class McpOptionsTest {

    static final class Echo implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> input) {
            return input;
        }
    }

    @Test
    void twoToolsOfTheSameNameAreRefused() {
        assertThatThrownBy(() -> Servers.local()
                .api(new Echo(), ApiOptions.path("/a").mcp(Mcp.tool("echo")))
                .api(new Echo(), ApiOptions.path("/b").mcp(Mcp.tool("echo"))).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MCP tool name 'echo' is used by both");
    }

    @Test
    void aStreamingApiIsNoTool() {
        assertThatThrownBy(() -> Servers.local().api(new Echo(), ApiOptions.defaults().stream(true).mcp(Mcp.tool()))
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streams its outputs and cannot be an MCP tool");
    }

    @Test
    void aToolNameOutsideTheSpecificationsCharactersIsRefused() {
        assertThatThrownBy(() -> Servers.local().api(new Echo(), ApiOptions.defaults().mcp(Mcp.tool("my tool")))
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 'my tool'");
        assertThatCode(() -> Servers.local().api(new Echo(), ApiOptions.path("/v1/echo").mcp(Mcp.tool())).build())
                .doesNotThrowAnyException(); // named v1_echo
    }

    @Test
    void anApiOnTheMcpPathCollidesWithTheMcpEndpoint() {
        assertThatThrownBy(() -> Servers.local()
                .api(new Echo(), ApiOptions.path("/mcp"))
                .api(new Echo(), ApiOptions.path("/echo").mcp(Mcp.tool())).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'/mcp' is already used by the MCP endpoint");
        assertThatCode(() -> Servers.local().api(new Echo(), ApiOptions.path("/mcp")).build())
                .doesNotThrowAnyException(); // no tool, no MCP endpoint
    }

    @Test
    void anInputSchemaThatIsNoObjectSchemaIsRefused() {
        assertThatThrownBy(() -> Servers.local()
                .api(new Echo(), ApiOptions.defaults().mcp(Mcp.tool().inputSchema("{\"type\": \"number\"}"))).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a JSON Schema object with \"type\": \"object\"");
        assertThatThrownBy(() -> Servers.local()
                .api(new Echo(), ApiOptions.defaults().mcp(Mcp.tool().inputSchema("{oops"))).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not valid JSON");
    }
}
