package dev.litserve4j.internal.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.internal.config.EndpointConfig;
import dev.litserve4j.internal.config.ServerConfig;
import dev.litserve4j.internal.spec.ModelList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI 3.1 document of a server's public listener, built once from its configuration: each
 * API's route with the schemas of its input and output types, the OpenAI routes, the server's own
 * routes, the shutdown route when it is served there, and the routes the caller adds. The document
 * and the docs page are not listed in it (FastAPI's choice too): they describe the API, not part of it.
 */
public final class OpenApiDocument {

    public static final String OPENAPI_VERSION = "3.1.0";

    private OpenApiDocument() {
    }

    /**
     * @param mapper the server's mapper: the schemas describe what it reads and writes
     * @param extra more {@code GET} routes of the public listener, such as the metrics page
     */
    public static Map<String, Object> of(ServerConfig config, ObjectMapper mapper, List<DocumentedRoute> extra) {
        Components components = new Components(mapper);
        if (config.apiKey() != null) {
            components.apiKeyScheme();
        }
        Paths paths = new Paths();
        Set<String> tags = new LinkedHashSet<>();
        OpenAiOperations openAi = new OpenAiOperations(config, components);
        for (EndpointConfig endpoint : config.endpoints()) {
            if (endpoint.spec() == null) {
                paths.add(endpoint.path(), "post", ApiOperations.predict(endpoint, config, components,
                        mapper.getTypeFactory()));
                tags.add(ApiOperations.TAG);
            } else {
                paths.add(endpoint.path(), "post", openAi.post(endpoint));
                paths.add(endpoint.path(), "options", openAi.preflight(endpoint));
                tags.add(OpenAiOperations.TAG);
            }
        }
        ServerOperations server = new ServerOperations(config, components);
        paths.add("/", "get", server.root())
                .add(config.healthcheckPath(), "get", server.health())
                .add(config.probes().livenessPath(), "get", server.probe(true))
                .add(config.probes().readinessPath(), "get", server.probe(false))
                .add(config.infoPath(), "get", server.info());
        if (config.shutdown() != null && config.management() == null) {
            paths.add(config.shutdown().path(), "post", server.shutdown());
        }
        for (DocumentedRoute route : extra) {
            paths.add(route.path(), "get", server.extra(route));
        }
        tags.add(ServerOperations.TAG);
        addModels(paths, config.endpoints(), openAi); // last: any route already on its paths keeps them

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", OPENAPI_VERSION);
        document.put("info", info(config));
        document.put("tags", tags(tags));
        document.put("paths", paths.toJson());
        document.put("components", components.toJson());
        return document;
    }

    /** As {@link ModelList} is served: the list, and each model's path, unless another route took it. */
    private static void addModels(Paths paths, List<EndpointConfig> endpoints, OpenAiOperations openAi) {
        Set<String> ids = ModelList.ids(endpoints);
        if (ids.isEmpty()) {
            return;
        }
        if (!paths.has(ModelList.PATH)) {
            paths.add(ModelList.PATH, "get", openAi.models());
        }
        List<String> free = new ArrayList<>();
        for (String id : ids) {
            if (!paths.has(ModelList.PATH + "/" + id)) {
                free.add(id);
            }
        }
        if (!free.isEmpty()) {
            paths.add(ModelList.PATH + "/{id}", "get", openAi.model(free));
        }
    }

    private static Map<String, Object> info(ServerConfig config) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("title", title(config.modelMetadata()));
        info.put("version", ProjectVersion.get());
        boolean openAi = config.endpoints().stream().anyMatch(endpoint -> endpoint.spec() != null);
        info.put("description", "Served by litserve4j " + ProjectVersion.get() + ". Errors are LitServe's"
                + " {\"detail\": ...}" + (openAi ? "; the OpenAI routes answer with OpenAI's {\"error\": {...}}." : "."));
        return info;
    }

    /** The model's name when its metadata has one ({@code "name"} or {@code "title"}), else litserve4j. */
    private static String title(Object metadata) {
        if (metadata instanceof Map) {
            for (String key : List.of("title", "name")) {
                Object value = ((Map<?, ?>) metadata).get(key);
                if (value instanceof String && !((String) value).isBlank()) {
                    return (String) value;
                }
            }
        }
        return "litserve4j";
    }

    private static List<Map<String, Object>> tags(Set<String> names) {
        List<Map<String, Object>> tags = new ArrayList<>();
        for (String name : names) {
            tags.add(ServerOperations.tag(name, switch (name) {
                case ApiOperations.TAG -> "The served LitApis";
                case OpenAiOperations.TAG -> "OpenAI-compatible routes";
                default -> "The server's own routes: health, probes, info, lifecycle";
            }));
        }
        return tags;
    }
}
