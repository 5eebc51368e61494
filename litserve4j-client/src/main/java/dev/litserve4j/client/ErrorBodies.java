package dev.litserve4j.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Turns an error answer, or a stream's error line, into a {@link LitHttpException}. */
final class ErrorBodies {

    private final ObjectMapper mapper;

    ErrorBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** From an answer: LitServe's {@code {"detail": ...}}, else the body's text as the detail. */
    LitHttpException fromAnswer(String request, int status, byte[] body, HttpHeaders headers) {
        JsonNode detail = null;
        try {
            JsonNode tree = body.length == 0 ? null : mapper.readTree(body);
            if (tree != null && tree.isObject() && tree.has("detail")) {
                detail = tree.get("detail");
            }
        } catch (IOException notJson) {
            // "not ready", a proxy's HTML page: the text itself is the best detail there is
        }
        String text = detail == null ? new String(body, StandardCharsets.UTF_8).strip() : asText(detail);
        return new LitHttpException(request, status, text, detail, headers.map());
    }

    /**
     * From one decoded stream line: the exception when it is litserve4j's error record
     * {@code {"error": {"status": 500, "detail": ...}}} (one field, an integer status), else null.
     */
    LitHttpException fromStreamLine(String request, JsonNode line) {
        if (!line.isObject() || line.size() != 1 || !line.has("error")) {
            return null;
        }
        JsonNode error = line.get("error");
        if (!error.isObject() || !error.path("status").isInt() || !error.has("detail")) {
            return null;
        }
        JsonNode detail = error.get("detail");
        return new LitHttpException(request + " (mid-stream)", error.get("status").intValue(), asText(detail),
                detail, Map.of());
    }

    private static String asText(JsonNode detail) {
        return detail.isTextual() ? detail.textValue() : detail.toString();
    }
}
