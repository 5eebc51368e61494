package dev.litserve4j.internal.config;

import dev.litserve4j.Callback;
import dev.litserve4j.Device;
import dev.litserve4j.Middleware;
import java.time.Duration;
import java.util.List;

/**
 * Everything a server was built with, validated by {@code LitServer.Builder.build()}.
 *
 * @param timeout the longest a request may wait for its answer, or null for no limit
 * @param timeoutAsGiven the timeout as LitServe's {@code /info} shows it (a number of seconds or false)
 * @param maxPayloadSize the largest request body in bytes, or -1 for no limit
 * @param maxPayloadSizeAsGiven the limit as the user wrote it ({@code "10MB"} or a number), or null
 * @param apiKey the value {@code X-API-Key} must carry, or null when the server is open
 * @param shutdown the shutdown API's settings, or null when it is off
 * @param connectionLimits the timeouts and caps of the front door
 * @param probes the liveness and readiness probes and the drain delay
 * @param accessLog whether each finished request is written to the {@code litserve4j.access} logger
 * @param metrics the meters, and whether {@code /metrics} serves them
 * @param management the listener of the operator's routes, or null for none
 * @param docs whether {@code /openapi.json} and the {@code /docs} page are served
 * @param warmup the requests a server sends itself before it reports ready
 * @param tls the PEM files of HTTPS (HTTP/2 and HTTP/1.1 by ALPN), or null for cleartext HTTP/1.1
 */
public record ServerConfig(
        String host,
        int port,
        List<EndpointConfig> endpoints,
        List<Device> devices,
        Duration timeout,
        Object timeoutAsGiven,
        String healthcheckPath,
        String infoPath,
        Object modelMetadata,
        long maxPayloadSize,
        Object maxPayloadSizeAsGiven,
        boolean trackRequests,
        List<Callback> callbacks,
        List<Middleware> middlewares,
        boolean restartWorkers,
        String apiKey,
        int maxQueueSize,
        Duration gracefulTimeout,
        ShutdownApiConfig shutdown,
        ConnectionLimits connectionLimits,
        ProbeConfig probes,
        boolean accessLog,
        MetricsConfig metrics,
        ManagementListener management,
        boolean docs,
        WarmupConfig warmup,
        TlsConfig tls) {
}
