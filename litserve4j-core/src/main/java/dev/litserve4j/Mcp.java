package dev.litserve4j;

import java.util.Objects;

/**
 * Serves an API as a Model Context Protocol tool as well (LitServe's {@code MCP(...)}): AI agents find it
 * with {@code tools/list} and call it with {@code tools/call} over the streamable HTTP transport at
 * {@code /mcp}. A call runs through the API's ordinary path (its queue, batching, workers, timeout and
 * meters), its arguments being the request body. Immutable: each method returns a copy.
 *
 * <pre>{@code
 * LitServer.builder()
 *     .api(new SquareApi(), ApiOptions.defaults()
 *             .mcp(Mcp.tool("square").description("Squares a number: {\"input\": 4} gives 16")))
 *     .build();
 * }</pre>
 *
 * <p>The tool's input schema is derived from the API's input type, as the OpenAPI document does; an
 * input that is no JSON object (a number, a list) is taken from the argument {@code "input"}.
 */
public final class Mcp {

    private final String name;
    private final String description;
    private final String inputSchema;

    private Mcp(String name, String description, String inputSchema) {
        this.name = name;
        this.description = description;
        this.inputSchema = inputSchema;
    }

    /** A tool named after the API's path ({@code /predict} is {@code predict}, {@code /v1/sum} is {@code v1_sum}). */
    public static Mcp tool() {
        return new Mcp(null, null, null);
    }

    /** A tool named {@code name}: 1 to 128 letters, digits, {@code _}, {@code -} or {@code .}. */
    public static Mcp tool(String name) {
        return new Mcp(Objects.requireNonNull(name, "name"), null, null);
    }

    /** What the tool does, for the agent that chooses it; default: which API it runs. */
    public Mcp description(String value) {
        return new Mcp(name, Objects.requireNonNull(value, "description"), inputSchema);
    }

    /**
     * The tool's input schema as JSON text, in place of the derived one: a JSON Schema object whose
     * {@code "type"} is {@code "object"}.
     */
    public Mcp inputSchema(String json) {
        return new Mcp(name, description, Objects.requireNonNull(json, "inputSchema"));
    }

    /** The name given, or null for the API's path. */
    public String name() {
        return name;
    }

    /** The description given, or null for the default. */
    public String description() {
        return description;
    }

    /** The input schema given, or null to derive it. */
    public String inputSchema() {
        return inputSchema;
    }
}
