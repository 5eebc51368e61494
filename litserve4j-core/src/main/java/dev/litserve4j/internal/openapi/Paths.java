package dev.litserve4j.internal.openapi;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The document's {@code paths}, in the order they were added, each operation with a unique id. */
final class Paths {

    private final Map<String, Map<String, Object>> items = new LinkedHashMap<>();
    private final Set<String> ids = new HashSet<>();

    /** @param method lower case, as OpenAPI names it ({@code get}, {@code post}, ...) */
    Paths add(String path, String method, Operation operation) {
        operation.id(uniqueId(method, path));
        Object previous = items.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, operation.toJson());
        if (previous != null) {
            throw new IllegalStateException(method + " " + path + " is documented twice");
        }
        return this;
    }

    boolean has(String path) {
        return items.containsKey(path);
    }

    /** {@code post_v1_chat_completions} for {@code POST /v1/chat/completions}, {@code get_root} for {@code GET /}. */
    private String uniqueId(String method, String path) {
        String words = path.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_|_$", "");
        String id = method + "_" + (words.isEmpty() ? "root" : words);
        String unique = id;
        for (int n = 2; !ids.add(unique); n++) {
            unique = id + "_" + n;
        }
        return unique;
    }

    Map<String, Object> toJson() {
        return new LinkedHashMap<>(items);
    }
}
