package dev.litserve4j.internal.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.internal.config.EndpointConfig;
import dev.litserve4j.internal.openapi.InputSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tool's input schema and how its arguments become the API's request body. Tool arguments are
 * always a JSON object: an API whose body is an object takes them as they are; one whose body is
 * something else (a number, a list) takes the argument {@code "input"}.
 *
 * @param wrapped true when the body is the argument {@code "input"}
 */
record ToolInput(Map<String, Object> schema, boolean wrapped) {

    static final String INPUT = "input";

    static ToolInput of(EndpointConfig endpoint, ObjectMapper mapper) {
        if (endpoint.mcp().inputSchema() != null) {
            return new ToolInput(parse(endpoint.mcp().inputSchema(), mapper), false);
        }
        Map<String, Object> derived = new LinkedHashMap<>(InputSchema.of(endpoint.api(), mapper));
        if (derived.isEmpty()) {
            return new ToolInput(new LinkedHashMap<>(Map.of("type", "object")), false); // any object, as sent
        }
        if ("object".equals(derived.get("type"))) {
            return new ToolInput(derived, false);
        }
        Object defs = derived.remove("$defs");
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.of(INPUT, derived));
        schema.put("required", List.of(INPUT));
        if (defs != null) {
            schema.put("$defs", defs);
        }
        return new ToolInput(schema, true);
    }

    private static Map<String, Object> parse(String json, ObjectMapper mapper) {
        try {
            return mapper.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("MCP inputSchema is not valid JSON", e); // build() checked it
        }
    }

    /** The request body for {@code arguments} (none is an empty object). */
    byte[] body(Map<String, Object> arguments, ObjectMapper mapper) throws JsonProcessingException {
        Map<String, Object> given = arguments == null ? Map.of() : arguments;
        return mapper.writeValueAsBytes(wrapped ? given.get(INPUT) : given);
    }
}
