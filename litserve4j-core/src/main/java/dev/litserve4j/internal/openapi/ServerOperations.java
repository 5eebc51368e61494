package dev.litserve4j.internal.openapi;

import dev.litserve4j.internal.config.ServerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The server's own routes: {@code /}, the health check, the probes, {@code /info} and the shutdown route. */
final class ServerOperations {

    static final String TAG = "Server";
    private static final String TEXT = "text/plain";
    private static final String JSON = "application/json";

    private final ServerConfig config;
    private final Components components;

    ServerOperations(ServerConfig config, Components components) {
        this.config = config;
        this.components = components;
    }

    Operation root() {
        return keyed(new Operation(TAG, "Says the server runs")
                .response(200, "litserve running", TEXT, Schemas.constant("litserve running")));
    }

    Operation health() {
        return keyed(new Operation(TAG, "LitServe's health check")
                .description("200 when every worker finished setup and every API's health() is true.")
                .response(200, "ok", TEXT, Schemas.constant("ok"))
                .response(503, "not ready: starting, an API not healthy, or stopping", TEXT, Schemas.constant("not ready")));
    }

    /** A probe; never behind the API key, since an orchestrator sends none. */
    Operation probe(boolean liveness) {
        Map<String, Object> answer = components.schema("litserve4j.Probe", Schemas.object(List.of("status"),
                "status", Schemas.string("alive, not alive, ready or not ready"),
                "reason", Schemas.string("Why the probe fails; absent when it passes")));
        return liveness
                ? new Operation(TAG, "Liveness probe")
                        .description("200 while the process can make progress, a drain included; 503 only when it"
                                + " should be restarted.")
                        .response(200, "alive", JSON, answer)
                        .response(503, "not alive: restart the process", JSON, answer)
                : new Operation(TAG, "Readiness probe")
                        .description("200 only while the server should receive traffic: 503 while starting, while an"
                                + " API is not ready, and from the moment a stop begins.")
                        .response(200, "ready", JSON, answer)
                        .response(503, "not ready, and why", JSON, answer);
    }

    Operation info() {
        Map<String, Object> server = Schemas.object(List.of("devices", "workers_per_device", "timeout", "stream",
                        "max_payload_size", "track_requests"),
                "devices", Schemas.array(Schemas.string()),
                "workers_per_device", Schemas.described(Schemas.anyOf(Schemas.integer(),
                        Schemas.dictionary(Schemas.integer())), "One count, or each API's path to its count"),
                "timeout", Schemas.described(Schemas.types("number", "boolean"), "Seconds, or false for none"),
                "stream", Schemas.described(Schemas.dictionary(Schemas.bool()), "Each API's path to whether it streams"),
                "max_payload_size", Schemas.described(Schemas.any(), "The payload limit as it was given, or null"),
                "track_requests", Schemas.bool());
        Map<String, Object> lifecycle = Schemas.object(List.of("phase", "requests_in_flight", "requests_queued",
                        "open_connections", "seconds_left"),
                "phase", Schemas.string("starting, running, drain delay, draining, ..., stopped"),
                "requests_in_flight", Schemas.integer(),
                "requests_queued", Schemas.integer(),
                "open_connections", Schemas.integer(),
                "seconds_left", Schemas.described(Schemas.types("number", "null"),
                        "Before the stop's deadline; null while running"));
        Map<String, Object> info = components.schema("litserve4j.Info", Schemas.object(
                List.of("model", "server", "lifecycle"),
                "model", Schemas.described(Schemas.any(), "The model metadata the server was given"),
                "server", server,
                "lifecycle", lifecycle));
        return keyed(new Operation(TAG, "Model metadata, server settings and lifecycle")
                .response(200, "LitServe's info document, plus where the server is in its life", JSON, info));
    }

    /** {@code POST <shutdownPath>}: the bearer key only, never the API key. */
    Operation shutdown() {
        components.shutdownKeyScheme();
        Map<String, Object> error = components.error(Components.ErrorShape.DETAIL);
        return new Operation(TAG, "Stops the server gracefully")
                .description("Answers at once, then stops under one deadline (drain delay, drain, teardown). Every"
                        + " attempt is audited; failed ones are rate-limited per client address.")
                .security(Components.SHUTDOWN_KEY)
                .response(200, "The stop has begun", TEXT, Schemas.constant("Server is initiating graceful shutdown."))
                .response(401, "The bearer key is missing, malformed or wrong", JSON, error)
                .header(401, "WWW-Authenticate", "Bearer", Schemas.string())
                .response(429, "Too many failed attempts from this address (or from all)", JSON, error)
                .header(429, "Retry-After", "Seconds until attempts are taken again", Schemas.integer())
                .response(503, "The key cannot be checked now (its file is unreadable, or too many checks at once)",
                        JSON, error);
    }

    /** Behind {@code X-API-Key} when the server has one. */
    private Operation keyed(Operation operation) {
        if (config.apiKey() != null) {
            operation.security(Components.API_KEY);
            ErrorAnswers.unauthorized(operation, components.error(Components.ErrorShape.DETAIL));
        }
        return operation;
    }

    /** A route the caller documents (such as {@code /metrics}): its one answer. */
    Operation extra(DocumentedRoute route) {
        Operation operation = new Operation(TAG, route.summary())
                .response(200, route.summary(), mediaType(route.contentType()), Schemas.string());
        return route.apiKeyProtected() ? keyed(operation) : operation;
    }

    /** The media type of a Content-Type ({@code text/plain; version=0.0.4} is {@code text/plain}). */
    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    }

    static Map<String, Object> tag(String name, String description) {
        Map<String, Object> tag = new LinkedHashMap<>();
        tag.put("name", name);
        tag.put("description", description);
        return tag;
    }
}
