package dev.litserve4j.internal.http;

import dev.litserve4j.internal.config.EndpointConfig;
import dev.litserve4j.internal.config.ServerConfig;
import dev.litserve4j.internal.json.JsonCodec;
import io.netty.handler.codec.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The server's own routes: {@code /}, the health check, the probes and the info document. */
public final class ServerRoutes {

    private ServerRoutes() {
    }

    public static Route root() {
        return new Route("/", Set.of(HttpMethod.GET), true, exchange -> exchange.sendText(200, "litserve running"));
    }

    /** 200 {@code ok} when {@code healthy} says so, else 503 {@code not ready}. */
    public static Route health(String path, BooleanSupplier healthy) {
        return new Route(path, Set.of(HttpMethod.GET), true, exchange -> {
            if (healthy.getAsBoolean()) {
                exchange.sendText(200, "ok");
            } else {
                exchange.sendText(503, "not ready");
            }
        });
    }

    /**
     * A probe: 200 or 503 with a small JSON document saying why ({@link ProbeAnswer}). Never behind
     * {@code X-API-Key}: an orchestrator's probe sends no key, and the answer reveals nothing.
     */
    public static Route probe(String path, Supplier<ProbeAnswer> probe, JsonCodec codec) {
        return new Route(path, Set.of(HttpMethod.GET), false, exchange -> {
            ProbeAnswer answer = probe.get();
            exchange.sendJson(answer.passing() ? 200 : 503, codec.write(answer.document()));
        });
    }

    /**
     * LitServe's {@code /info} document, plus a {@code "lifecycle"} object that says where the server
     * is (during a stop: the phase, what is left, and the time before the deadline).
     */
    public static Route info(ServerConfig config, JsonCodec codec, Supplier<Map<String, Object>> lifecycle) {
        Map<String, Object> fixed = infoDocument(config);
        return new Route(config.infoPath(), Set.of(HttpMethod.GET), true, exchange -> {
            Map<String, Object> doc = new LinkedHashMap<>(fixed);
            doc.put("lifecycle", lifecycle.get());
            exchange.sendJson(200, codec.write(doc));
        });
    }

    static Map<String, Object> infoDocument(ServerConfig config) {
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("devices", config.devices().stream().map(Object::toString).toList());
        server.put("workers_per_device", workersPerDevice(config.endpoints()));
        server.put("timeout", config.timeoutAsGiven());
        Map<String, Boolean> stream = new LinkedHashMap<>();
        for (EndpointConfig endpoint : config.endpoints()) {
            stream.put(endpoint.path(), endpoint.stream());
        }
        server.put("stream", stream);
        server.put("max_payload_size", config.maxPayloadSizeAsGiven());
        server.put("track_requests", config.trackRequests());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("model", config.modelMetadata());
        info.put("server", server);
        return info;
    }

    /** One number when every API has the same count (LitServe's int form), else path to count. */
    private static Object workersPerDevice(List<EndpointConfig> endpoints) {
        Map<String, Integer> perPath = new LinkedHashMap<>();
        for (EndpointConfig endpoint : endpoints) {
            perPath.put(endpoint.path(), endpoint.workersPerDevice());
        }
        return perPath.values().stream().distinct().count() == 1 ? perPath.values().iterator().next() : perPath;
    }
}
