package dev.litserve4j.internal.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.LitApi;
import dev.litserve4j.internal.engine.ApiTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema of an API's request body on its own, outside an OpenAPI document (an MCP tool's
 * input schema): derived as the document derives it, with the named schemas it refers to under
 * {@code $defs} and a reference at the top replaced by what it names.
 */
public final class InputSchema {

    private static final String DOCUMENT_PREFIX = "#/components/schemas/";
    private static final String DEFS_PREFIX = "#/$defs/";

    private InputSchema() {
    }

    /** {@code {}} (any JSON) when the API decodes the body itself. */
    public static Map<String, Object> of(LitApi<?, ?> api, ObjectMapper mapper) {
        if (!ApiTypes.usesDefaultDecode(api)) {
            return Schemas.any();
        }
        TypeSchemas types = new TypeSchemas(mapper);
        Map<String, Object> top = types.schema(ApiTypes.input(api, mapper.getTypeFactory()),
                TypeSchemas.Direction.REQUEST);
        Map<String, Object> defs = new LinkedHashMap<>();
        types.components().forEach((name, schema) -> defs.put(name, rewrite(schema)));
        Object ref = top.get("$ref");
        Map<String, Object> schema = ref instanceof String && top.size() == 1
                ? new LinkedHashMap<>(asMap(defs.get(((String) ref).substring(DOCUMENT_PREFIX.length()))))
                : asMap(rewrite(top));
        Map<String, Object> used = referenced(schema, defs);
        if (!used.isEmpty()) {
            schema.put("$defs", used);
        }
        return schema;
    }

    /** The named schemas {@code schema} needs, directly or through each other (a record inlined at the top is not). */
    private static Map<String, Object> referenced(Map<String, Object> schema, Map<String, Object> defs) {
        Map<String, Object> used = new LinkedHashMap<>();
        List<Object> pending = new ArrayList<>(List.of(schema));
        while (!pending.isEmpty()) {
            Object next = pending.remove(pending.size() - 1);
            if (next instanceof Map<?, ?> map) {
                Object ref = map.get("$ref");
                if (ref instanceof String s && s.startsWith(DEFS_PREFIX)) {
                    String name = s.substring(DEFS_PREFIX.length());
                    if (!used.containsKey(name) && defs.containsKey(name)) {
                        used.put(name, defs.get(name));
                        pending.add(defs.get(name));
                    }
                }
                pending.addAll(map.values());
            } else if (next instanceof List<?> list) {
                pending.addAll(list);
            }
        }
        return used;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return new LinkedHashMap<>((Map<String, Object>) value);
    }

    /** A copy with every document reference turned into a {@code $defs} one. */
    private static Object rewrite(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, v) -> copy.put((String) key, "$ref".equals(key) && v instanceof String s
                    && s.startsWith(DOCUMENT_PREFIX) ? DEFS_PREFIX + s.substring(DOCUMENT_PREFIX.length()) : rewrite(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(rewrite(v)));
            return copy;
        }
        return value;
    }
}
