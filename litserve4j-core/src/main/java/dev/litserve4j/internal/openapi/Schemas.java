package dev.litserve4j.internal.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Schema (2020-12, as OpenAPI 3.1 uses it) written as ordered maps, so that a document reads
 * in the order it was built. Each factory returns a new, mutable map.
 */
final class Schemas {

    private Schemas() {
    }

    /** A map from alternating keys and values: {@code map("type", "string", "format", "uuid")}. */
    static Map<String, Object> map(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** The schema every value fits ({@code {}}): the server does not know the shape. */
    static Map<String, Object> any() {
        return new LinkedHashMap<>();
    }

    static Map<String, Object> string() {
        return map("type", "string");
    }

    static Map<String, Object> string(String description) {
        return map("type", "string", "description", description);
    }

    static Map<String, Object> constant(String value) {
        return map("type", "string", "const", value);
    }

    static Map<String, Object> oneOfStrings(List<String> values) {
        return map("type", "string", "enum", values);
    }

    static Map<String, Object> integer() {
        return map("type", "integer");
    }

    static Map<String, Object> integer(long minimum, long maximum) {
        return map("type", "integer", "minimum", minimum, "maximum", maximum);
    }

    static Map<String, Object> number() {
        return map("type", "number");
    }

    static Map<String, Object> number(double minimum, double maximum) {
        return map("type", "number", "minimum", minimum, "maximum", maximum);
    }

    static Map<String, Object> bool() {
        return map("type", "boolean");
    }

    /** A value that is one of the JSON types named, such as {@code ["string", "null"]}. */
    static Map<String, Object> types(String... names) {
        return map("type", List.of(names));
    }

    static Map<String, Object> array(Map<String, Object> items) {
        return map("type", "array", "items", items);
    }

    /** An object whose keys are free and whose values all fit {@code values}. */
    static Map<String, Object> dictionary(Map<String, Object> values) {
        return map("type", "object", "additionalProperties", values);
    }

    static Map<String, Object> ref(String component) {
        return map("$ref", "#/components/schemas/" + component);
    }

    static Map<String, Object> anyOf(Map<?, ?>... choices) {
        return map("anyOf", List.of(choices));
    }

    /** An object with these properties ({@code name, schema, name, schema, ...}), of which {@code required} are always there. */
    static Map<String, Object> object(List<String> required, Object... properties) {
        Map<String, Object> object = map("type", "object", "properties", map(properties));
        if (!required.isEmpty()) {
            object.put("required", List.copyOf(required));
        }
        return object;
    }

    /** {@code schema} with a description added. */
    static Map<String, Object> described(Map<String, Object> schema, String description) {
        schema.put("description", description);
        return schema;
    }
}
