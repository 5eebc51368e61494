package dev.litserve4j.internal.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.internal.engine.ErrorMapping;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An API's answer as a tool result: its JSON as text (and, when it is an object, as structured content
 * too), or an error result ({@code isError}) whose text is the error's detail. An error is a result,
 * not a JSON-RPC error, as the specification asks for errors the model can read and correct.
 */
final class ToolResults {

    private final ObjectMapper mapper;

    ToolResults(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    CallToolResult answer(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        CallToolResult.Builder result = CallToolResult.builder().addTextContent(text).isError(false);
        try {
            Object value = mapper.readValue(body, Object.class);
            if (value instanceof Map) {
                result.structuredContent(value);
            }
        } catch (IOException e) {
            // The engine wrote this JSON itself; should it not read back, the text alone still goes out.
        }
        return result.build();
    }

    /** The error as the API's path would answer it: a non-HTTP error is logged and is a bare 500. */
    CallToolResult failure(Throwable error, String requestId) {
        ErrorMapping.Mapped mapped = ErrorMapping.map(error, "request " + requestId);
        return failure(mapped.status(), mapped.detail());
    }

    CallToolResult failure(int status, Object detail) {
        String text;
        try {
            text = detail instanceof String s ? s : mapper.writeValueAsString(detail);
        } catch (IOException e) {
            text = String.valueOf(detail);
        }
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("status", status);
        structured.put("detail", detail);
        return CallToolResult.builder().addTextContent(text).structuredContent(structured).isError(true).build();
    }
}
