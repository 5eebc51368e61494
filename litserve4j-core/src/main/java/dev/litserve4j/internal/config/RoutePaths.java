package dev.litserve4j.internal.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks that every route path starts with '/' and that no two routes of a listener share one. */
public final class RoutePaths {

    private RoutePaths() {
    }

    /**
     * @param shutdownPath null when the shutdown API is off
     * @param metricsPath null when the metrics are not served
     * @param onManagementPort true when the shutdown route and the metrics have a listener of their own
     */
    public static void check(String healthcheckPath, String infoPath, ProbeConfig probes,
            List<EndpointConfig> endpoints, String shutdownPath, String metricsPath, boolean onManagementPort) {
        check(healthcheckPath, infoPath, probes, endpoints, shutdownPath, metricsPath, onManagementPort, Map.of());
    }

    /**
     * @param fixedPaths more paths the server serves (such as the docs), each with what serves it
     */
    public static void check(String healthcheckPath, String infoPath, ProbeConfig probes,
            List<EndpointConfig> endpoints, String shutdownPath, String metricsPath, boolean onManagementPort,
            Map<String, String> fixedPaths) {
        checkPath("healthcheckPath", healthcheckPath, "'/health', '/healthcheck', or '/v1/health'");
        checkPath("infoPath", infoPath, "'/info', '/details', or '/v1/info'");
        Map<String, String> owners = new LinkedHashMap<>();
        owners.put("/", "the root route");
        owners.putAll(fixedPaths); // first: a configured path that lands on one is the one named as wrong
        claim(owners, healthcheckPath, "healthcheckPath");
        claim(owners, infoPath, "infoPath");
        claim(owners, probes.livenessPath(), "livenessPath");
        claim(owners, probes.readinessPath(), "readinessPath");
        for (EndpointConfig e : endpoints) {
            claim(owners, e.path(), "apiPath of " + e.apiName());
        }
        Map<String, String> management = onManagementPort ? new LinkedHashMap<>() : owners;
        if (shutdownPath != null) {
            checkPath("shutdownPath", shutdownPath, "'/shutdown'");
            claim(management, shutdownPath, "shutdownPath");
        }
        if (metricsPath != null) {
            checkPath("metricsPath", metricsPath, "'/metrics'");
            claim(management, metricsPath, "metricsPath");
        }
    }

    public static void checkPath(String option, String path, String examples) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException(option + " must start with '/', got '" + path
                    + "'. Please provide a valid path like " + examples);
        }
    }

    private static void claim(Map<String, String> owners, String path, String owner) {
        String previous = owners.putIfAbsent(path, owner);
        if (previous != null) {
            throw new IllegalArgumentException(owner + " '" + path + "' is already used by " + previous
                    + ": give each route its own path");
        }
    }
}
