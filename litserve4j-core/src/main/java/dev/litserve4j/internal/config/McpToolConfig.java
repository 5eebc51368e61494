package dev.litserve4j.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.Mcp;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The MCP tool an API is served as: validated, immutable.
 *
 * @param description null for the default, which names the API
 * @param inputSchema the schema given as JSON text, or null to derive it from the API's input type
 */
public record McpToolConfig(String name, String description, String inputSchema) {

    /** Where the MCP endpoint is served (LitServe mounts its own at {@code /mcp/}). */
    public static final String PATH = "/mcp";

    // The MCP specification's tool names: 1 to 128 of these characters.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    /**
     * {@code endpoint} with its tool: its own option's, else the server's default when the API can be a
     * tool (it neither streams nor has a spec), else none.
     */
    public static EndpointConfig attach(EndpointConfig endpoint, Mcp own, Mcp serverDefault) {
        Mcp mcp = own != null ? own
                : serverDefault != null && !endpoint.stream() && endpoint.spec() == null ? serverDefault : null;
        if (mcp == null) {
            return endpoint;
        }
        return new EndpointConfig(endpoint.api(), endpoint.path(), endpoint.maxBatchSize(), endpoint.batchTimeout(),
                endpoint.stream(), endpoint.workersPerDevice(), endpoint.spec(), endpoint.async(),
                endpoint.maxConcurrentPerWorker(), of(mcp, endpoint.path()));
    }

    /** The tool of an API served on {@code apiPath}, or null when it has none. */
    public static McpToolConfig of(Mcp mcp, String apiPath) {
        if (mcp == null) {
            return null;
        }
        String name = mcp.name() != null ? mcp.name() : nameOf(apiPath);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("MCP tool name must be 1 to 128 letters, digits, '_', '-' or '.', got '"
                    + name + "'" + (mcp.name() == null ? " (from the API path " + apiPath + "); name the tool with "
                    + "Mcp.tool(\"my_tool\")" : ""));
        }
        if (mcp.description() != null && mcp.description().isBlank()) {
            throw new IllegalArgumentException("MCP description of tool '" + name + "' is blank: say what the tool "
                    + "does, or leave it unset");
        }
        if (mcp.inputSchema() != null) {
            checkSchema(name, mcp.inputSchema());
        }
        return new McpToolConfig(name, mcp.description(), mcp.inputSchema());
    }

    /** LitServe's default: the path without its leading '/', each other '/' a '_' ({@code /predict} is {@code predict}). */
    static String nameOf(String apiPath) {
        String name = apiPath == null ? "" : apiPath.replaceFirst("^/", "").replace('/', '_');
        return name.isEmpty() ? "predict" : name;
    }

    /** The classes of the MCP SDK that serving a tool needs, each from one of the three artifacts to add. */
    static final List<String> SDK_CLASSES = List.of("io.modelcontextprotocol.server.McpServer",
            "io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper", "com.networknt.schema.Schema");

    /**
     * The MCP SDK is an optional dependency of litserve4j-core: an application that serves a tool adds it.
     *
     * @throws IllegalArgumentException naming the artifacts to add when {@code loader} cannot see them
     */
    static void requireSdk(ClassLoader loader) {
        for (String name : SDK_CLASSES) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalArgumentException("an API is an MCP tool, but the MCP Java SDK is not on the class "
                        + "path (" + name + " is missing): add io.modelcontextprotocol.sdk:mcp-core and "
                        + "io.modelcontextprotocol.sdk:mcp-json-jackson2 2.1.0 and com.networknt:json-schema-validator "
                        + "2.0.8 to your dependencies (litserve4j-core declares them optional)");
            }
        }
    }

    private static void checkSchema(String name, String json) {
        JsonNode schema;
        try {
            schema = new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("MCP inputSchema of tool '" + name + "' is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (schema == null || !schema.isObject() || !"object".equals(schema.path("type").asText())) {
            throw new IllegalArgumentException("MCP inputSchema of tool '" + name + "' must be a JSON Schema object "
                    + "with \"type\": \"object\" (tool arguments are always an object), got " + json);
        }
    }

    /**
     * Checks the tools of all APIs together: unique names, APIs that can answer a tool call, and a
     * server default ({@code serverDefault}, null for none) that found an API to serve.
     */
    public static void check(List<EndpointConfig> endpoints, Mcp serverDefault) {
        if (serverDefault != null && endpoints.stream().noneMatch(e -> e.mcp() != null)) {
            throw new IllegalArgumentException("mcp (--mcp) is set but no API can be an MCP tool: each streams or is "
                    + "served with a spec; serve a plain API, such as one of POST /predict");
        }
        if (endpoints.stream().anyMatch(e -> e.mcp() != null)) {
            requireSdk(McpToolConfig.class.getClassLoader());
        }
        Map<String, String> names = new HashMap<>();
        for (EndpointConfig e : endpoints) {
            if (e.mcp() == null) {
                continue;
            }
            if (e.stream()) {
                throw new IllegalArgumentException(e.apiName() + " streams its outputs and cannot be an MCP tool, "
                        + "whose call has one answer: drop stream or the mcp option");
            }
            if (e.spec() != null) {
                throw new IllegalArgumentException(e.apiName() + " is served with a spec and cannot be an MCP tool "
                        + "too: drop the spec or the mcp option");
            }
            String other = names.putIfAbsent(e.mcp().name(), e.apiName());
            if (other != null) {
                throw new IllegalArgumentException("MCP tool name '" + e.mcp().name() + "' is used by both " + other
                        + " and " + e.apiName() + ": give each tool its own name with Mcp.tool(\"name\")");
            }
        }
    }

    /** {@code paths} with {@link #PATH} added when some API is a tool, for the route path check. */
    public static Map<String, String> withMcpPath(List<EndpointConfig> endpoints, Map<String, String> paths) {
        if (endpoints.stream().noneMatch(e -> e.mcp() != null)) {
            return paths;
        }
        Map<String, String> all = new LinkedHashMap<>(paths);
        all.put(PATH, "the MCP endpoint");
        return all;
    }
}
