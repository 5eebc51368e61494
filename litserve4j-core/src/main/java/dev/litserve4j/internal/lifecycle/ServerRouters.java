package dev.litserve4j.internal.lifecycle;

import dev.litserve4j.LitServer;
import dev.litserve4j.internal.config.ServerConfig;
import dev.litserve4j.internal.engine.CallbackDispatcher;
import dev.litserve4j.internal.engine.ApiTypes;
import dev.litserve4j.internal.engine.Endpoint;
import dev.litserve4j.internal.engine.RequestTracker;
import dev.litserve4j.internal.http.ErrorBody;
import dev.litserve4j.internal.http.HeadAuthorizer;
import dev.litserve4j.internal.http.PredictRoute;
import dev.litserve4j.internal.http.ProbeAnswer;
import dev.litserve4j.internal.http.Route;
import dev.litserve4j.internal.http.Router;
import dev.litserve4j.internal.http.ServerRoutes;
import dev.litserve4j.internal.http.WarmupTraffic;
import dev.litserve4j.internal.json.JsonCodec;
import dev.litserve4j.internal.mcp.McpEndpoint;
import dev.litserve4j.internal.openapi.DocsRoutes;
import dev.litserve4j.internal.openapi.DocumentedRoute;
import dev.litserve4j.internal.openapi.OpenApiDocument;
import dev.litserve4j.internal.spec.ModelList;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Puts a server's routes together: its own (root, health, probes, info), one per API, the OpenAI
 * catalog, and the OpenAPI document with its docs page.
 */
final class ServerRouters {

    /** What the server's own routes ask the running server. */
    record Status(BooleanSupplier healthy, Supplier<ProbeAnswer> liveness, Supplier<ProbeAnswer> readiness,
            Supplier<Map<String, Object>> lifecycle) {
    }

    private final LitServer owner;
    private final ServerConfig config;
    private final JsonCodec codec;
    private final RequestTracker tracker;
    private final CallbackDispatcher callbacks;
    private final WarmupTraffic warmup;

    ServerRouters(LitServer owner, ServerConfig config, JsonCodec codec, RequestTracker tracker,
            CallbackDispatcher callbacks, WarmupTraffic warmup) {
        this.warmup = warmup;
        this.owner = owner;
        this.config = config;
        this.codec = codec;
        this.tracker = tracker;
        this.callbacks = callbacks;
    }

    /** The public listener's routes. */
    Router publicRouter(List<Endpoint> endpoints, Status status) {
        Router router = new Router()
                .add(ServerRoutes.root())
                .add(ServerRoutes.health(config.healthcheckPath(), status.healthy()))
                .add(ServerRoutes.probe(config.probes().livenessPath(), status.liveness(), codec))
                .add(ServerRoutes.probe(config.probes().readinessPath(), status.readiness(), codec))
                .add(ServerRoutes.info(config, codec, status.lifecycle()));
        List<McpEndpoint.Tool> tools = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            Route route = apiRoute(endpoint);
            router.add(route);
            if (endpoint.config().mcp() != null) {
                tools.add(new McpEndpoint.Tool(endpoint.config(), (PredictRoute) route.handler()));
            }
        }
        if (!tools.isEmpty()) { // only then is the MCP SDK (an optional dependency) loaded
            router.add(McpEndpoint.route(tools));
        }
        for (Route route : ModelList.routes(config.endpoints(), System.currentTimeMillis() / 1000, codec)) {
            // A user's API, the metrics or the shutdown route on a catalog path keeps its path.
            if (router.find(route.path()) == null && !operatorPaths().contains(route.path())) {
                router.add(route);
            }
        }
        if (config.docs()) {
            // The metrics route is added beside the shutdown route, on whichever listener serves them.
            List<DocumentedRoute> more = config.metrics().serve() && config.management() == null
                    ? List.of(new DocumentedRoute(config.metrics().path(), "Prometheus metrics",
                            "text/plain; version=0.0.4; charset=utf-8", true))
                    : List.of();
            DocsRoutes.routes(OpenApiDocument.of(config, codec.mapper(), more), codec).forEach(router::add);
        }
        return router;
    }

    /** The paths of the operator's routes when they are served on the public listener (added after these). */
    private Set<String> operatorPaths() {
        if (config.management() != null) {
            return Set.of();
        }
        Set<String> paths = new HashSet<>();
        if (config.shutdown() != null) {
            paths.add(config.shutdown().path());
        }
        if (config.metrics().serve()) {
            paths.add(config.metrics().path());
        }
        return paths;
    }

    private Route apiRoute(Endpoint endpoint) {
        Set<HttpMethod> methods = endpoint.spec() == null ? Set.of(HttpMethod.POST)
                : Set.of(HttpMethod.POST, HttpMethod.OPTIONS);
        Route route = new Route(endpoint.config().path(), methods, true, true,
                new PredictRoute(endpoint, config.timeout(), tracker, config.trackRequests(), callbacks, owner, codec,
                        warmup),
                endpoint.spec() == null ? ErrorBody.DETAIL : endpoint.spec().errorBody(), endpoint.meters());
        if (endpoint.spec() == null) {
            route = route.withBody(ApiTypes.bodyKind(endpoint.config().api()));
        }
        return ApiTypes.authorizes(endpoint.config().api())
                ? route.withAuthorizer(HeadAuthorizer.of(endpoint.config().api())) : route;
    }
}
