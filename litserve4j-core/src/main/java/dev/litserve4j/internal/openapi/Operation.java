package dev.litserve4j.internal.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One OpenAPI operation (a method on a path) being written. */
final class Operation {

    private final Map<String, Object> json = new LinkedHashMap<>();
    private final Map<String, Object> responses = new LinkedHashMap<>();

    Operation(String tag, String summary) {
        json.put("tags", List.of(tag));
        json.put("summary", summary);
    }

    /** Set by {@link Paths}, which keeps the ids unique. */
    Operation id(String operationId) {
        json.put("operationId", operationId);
        return this;
    }

    Operation description(String text) {
        json.put("description", text);
        return this;
    }

    /** A required JSON request body. */
    Operation jsonBody(Map<String, Object> schema) {
        json.put("requestBody", Schemas.map("required", true,
                "content", Schemas.map("application/json", Schemas.map("schema", schema))));
        return this;
    }

    /** A required request body that may come in several content types (content type to schema). */
    Operation body(Map<String, Map<String, Object>> bodies) {
        Map<String, Object> content = new java.util.TreeMap<>();
        bodies.forEach((type, schema) -> content.put(type, Schemas.map("schema", schema)));
        json.put("requestBody", Schemas.map("required", true, "content", content));
        return this;
    }

    /** Requires the named security scheme of {@code components.securitySchemes}. */
    Operation security(String scheme) {
        json.put("security", List.of(Schemas.map(scheme, List.of())));
        return this;
    }

    Operation parameter(Map<String, Object> parameter) {
        json.put("parameters", List.of(parameter));
        return this;
    }

    /** An answer with a body of {@code contentType} fitting {@code schema}. */
    Operation response(int status, String description, String contentType, Map<String, Object> schema) {
        return response(status, description, Map.of(contentType, schema));
    }

    /** An answer that may come in several content types (content type to schema). */
    Operation response(int status, String description, Map<String, Map<String, Object>> bodies) {
        Map<String, Object> content = new LinkedHashMap<>();
        bodies.forEach((type, schema) -> content.put(type, Schemas.map("schema", schema)));
        Map<String, Object> response = Schemas.map("description", description);
        if (!content.isEmpty()) {
            response.put("content", content);
        }
        responses.put(Integer.toString(status), response);
        return this;
    }

    /** Adds a header to the answer with {@code status}, which must already be there. */
    Operation header(int status, String name, String description, Map<String, Object> schema) {
        @SuppressWarnings("unchecked")
        Map<String, Object> response = (Map<String, Object>) responses.get(Integer.toString(status));
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) response.computeIfAbsent("headers", h -> new LinkedHashMap<>());
        headers.put(name, Schemas.map("description", description, "schema", schema));
        return this;
    }

    Map<String, Object> toJson() {
        Map<String, Object> operation = new LinkedHashMap<>(json);
        operation.put("responses", new LinkedHashMap<>(responses));
        return operation;
    }
}
