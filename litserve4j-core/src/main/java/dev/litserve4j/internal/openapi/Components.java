package dev.litserve4j.internal.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The document's {@code components}: the schemas derived from the APIs' types, the fixed schemas of
 * the server's own answers, the error shapes, and the security schemes the operations name.
 */
final class Components {

    /** The {@code X-API-Key} scheme, present when the server has an API key. */
    static final String API_KEY = "ApiKey";
    /** The shutdown route's bearer key. */
    static final String SHUTDOWN_KEY = "ShutdownKey";
    static final String DETAIL = "litserve4j.Detail";
    static final String OPENAI_ERROR = "openai.Error";

    /** How a route writes its errors: LitServe's {@code {"detail": ...}}, or OpenAI's {@code {"error": ...}}. */
    enum ErrorShape { DETAIL, OPENAI }

    private final TypeSchemas types;
    private final Map<String, Object> schemas = new LinkedHashMap<>();
    private final Map<String, Object> securitySchemes = new LinkedHashMap<>();

    Components(ObjectMapper mapper) {
        this.types = new TypeSchemas(mapper);
    }

    TypeSchemas types() {
        return types;
    }

    /**
     * Registers a fixed schema (once) and returns a reference to it. Fixed names have a dot
     * ({@code litserve4j.Detail}, {@code openai.Model}) and derived ones never do, so a user's record
     * cannot take the place of one of ours.
     */
    Map<String, Object> schema(String name, Map<String, Object> schema) {
        if (name.indexOf('.') < 0) {
            throw new IllegalArgumentException("a fixed schema's name has a dot, got " + name);
        }
        schemas.putIfAbsent(name, schema);
        return Schemas.ref(name);
    }

    /** The schema of an error body of {@code shape}. */
    Map<String, Object> error(ErrorShape shape) {
        if (shape == ErrorShape.OPENAI) {
            return schema(OPENAI_ERROR, Schemas.object(List.of("error"), "error", Schemas.described(Schemas.object(
                    List.of("message", "type", "param", "code"),
                    "message", Schemas.string("What went wrong"),
                    "type", Schemas.described(Schemas.oneOfStrings(List.of("invalid_request_error", "server_error")),
                            "invalid_request_error for a status below 500, else server_error"),
                    "param", Schemas.described(Schemas.types("string", "null"), "The request field at fault, if one is"),
                    "code", Schemas.described(Schemas.types("string", "null"),
                            "invalid_api_key (401), rate_limit_exceeded (429), else null")),
                    "OpenAI's error object")));
        }
        return schema(DETAIL, Schemas.described(Schemas.object(List.of("detail"),
                "detail", Schemas.described(Schemas.any(), "A message, or the JSON detail an HttpError carries")),
                "LitServe's error body"));
    }

    void apiKeyScheme() {
        securitySchemes.put(API_KEY, Schemas.map("type", "apiKey", "in", "header", "name", "X-API-Key",
                "description", "The server's API key (LIT_SERVER_API_KEY)"));
    }

    void shutdownKeyScheme() {
        securitySchemes.put(SHUTDOWN_KEY, Schemas.map("type", "http", "scheme", "bearer",
                "description", "The shutdown key (LIT_SHUTDOWN_API_KEY, its file, or the one printed at start)"));
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> all = new LinkedHashMap<>(types.components());
        all.putAll(schemas);
        if (!all.isEmpty()) {
            json.put("schemas", all);
        }
        if (!securitySchemes.isEmpty()) {
            json.put("securitySchemes", securitySchemes);
        }
        return json;
    }
}
