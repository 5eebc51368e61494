package dev.litserve4j.internal.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.internal.config.EndpointConfig;
import dev.litserve4j.internal.config.McpToolConfig;
import dev.litserve4j.internal.http.ErrorBody;
import dev.litserve4j.internal.http.PredictRoute;
import dev.litserve4j.internal.http.Route;
import dev.litserve4j.internal.metrics.ApiMeters;
import dev.litserve4j.internal.openapi.ProjectVersion;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code /mcp} route: an MCP server (the official SDK's, stateless) whose tools are the APIs served
 * with the mcp option. Arguments are checked against each tool's input schema before the API sees them.
 */
public final class McpEndpoint {

    /** One API to serve as a tool, with the route its calls are queued through. */
    public record Tool(EndpointConfig endpoint, PredictRoute route) {
    }

    private McpEndpoint() {
    }

    /** The route, or null when no API is a tool. */
    public static Route route(List<Tool> tools) {
        if (tools.isEmpty()) {
            return null;
        }
        ObjectMapper mapper = new ObjectMapper();
        McpJsonMapper json = new JacksonMcpJsonMapper(mapper);
        List<AsyncToolSpecification> specifications = new ArrayList<>();
        for (Tool tool : tools) {
            ToolInput input = ToolInput.of(tool.endpoint(), mapper);
            McpToolConfig config = tool.endpoint().mcp();
            McpSchema.Tool described = McpSchema.Tool.builder()
                    .name(config.name())
                    .description(config.description() != null ? config.description()
                            : description(tool.endpoint(), input.wrapped()))
                    .inputSchema(input.schema())
                    .build();
            specifications.add(new AsyncToolSpecification(described,
                    new ToolCall(tool.endpoint(), tool.route(), input, mapper)));
        }
        StatelessHttpTransport transport = new StatelessHttpTransport(json);
        McpServer.async(transport) // the server hands the transport its handler; the route keeps the transport
                .serverInfo("litserve4j", ProjectVersion.get())
                .jsonMapper(json)
                .jsonSchemaValidator(new DefaultJsonSchemaValidator(mapper))
                .validateToolInputs(true)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(specifications)
                .build();
        return new Route(McpToolConfig.PATH, Set.of(HttpMethod.POST), true, true, transport, ErrorBody.DETAIL,
                ApiMeters.off());
    }

    private static String description(EndpointConfig endpoint, boolean wrapped) {
        return "Runs " + endpoint.apiName() + ", the model served at POST " + endpoint.path() + "; "
                + (wrapped ? "the argument 'input' is" : "the arguments are") + " that request's JSON body.";
    }
}
