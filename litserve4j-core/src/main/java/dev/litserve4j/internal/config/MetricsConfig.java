package dev.litserve4j.internal.config;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The server's meters.
 *
 * @param serve whether {@code GET path} serves the Prometheus text format (on the management listener
 *     when there is one)
 * @param registry a registry of the user's that gets the server's meters too, or null
 */
public record MetricsConfig(boolean serve, String path, MeterRegistry registry) {

    public static final String DEFAULT_PATH = "/metrics";
}
