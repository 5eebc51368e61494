package dev.litserve4j.internal.spec;

import dev.litserve4j.internal.config.EndpointConfig;
import dev.litserve4j.internal.http.Route;
import dev.litserve4j.internal.json.JsonCodec;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI's {@code GET /v1/models} (and {@code GET /v1/models/{id}}), served whenever an OpenAI spec
 * is: LangChain4j's model catalog and many tools call it before anything else. There is no served
 * model name to report (the chat answers echo the {@code model} the client sent), so each OpenAI API
 * is listed under its API's name, the name the server's own messages use for it.
 */
public final class ModelList {

    public static final String PATH = "/v1/models";

    private ModelList() {
    }

    /**
     * The routes, or none when no API has a spec. The bodies are written once: the list is fixed at start.
     *
     * @param createdSeconds the {@code created} of every entry (when the server started), in Unix seconds
     */
    public static List<Route> routes(List<EndpointConfig> endpoints, long createdSeconds, JsonCodec codec) {
        Set<String> ids = ids(endpoints);
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> data = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        for (String id : ids) {
            Map<String, Object> model = model(id, createdSeconds);
            data.add(model);
            routes.add(get(PATH + "/" + id, codec.write(model)));
        }
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", data);
        routes.add(0, get(PATH, codec.write(list)));
        return routes;
    }

    /** The models listed: each OpenAI API's name, in the order the APIs were added; empty when none has a spec. */
    public static Set<String> ids(List<EndpointConfig> endpoints) {
        Set<String> ids = new LinkedHashSet<>();
        for (EndpointConfig endpoint : endpoints) {
            if (endpoint.spec() != null) {
                ids.add(endpoint.apiName());
            }
        }
        return ids;
    }

    private static Map<String, Object> model(String id, long createdSeconds) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", id);
        model.put("object", "model");
        model.put("created", createdSeconds);
        model.put("owned_by", "litserve4j");
        return model;
    }

    private static Route get(String path, byte[] body) {
        return new Route(path, Set.of(HttpMethod.GET), true, false, exchange -> exchange.sendJson(200, body),
                OpenAiError.BODY);
    }
}
