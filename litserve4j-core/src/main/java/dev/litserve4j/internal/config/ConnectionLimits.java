package dev.litserve4j.internal.config;

import java.time.Duration;

/**
 * What a connection may cost the server before it is answered 408/503 and closed: the time a request
 * head may take to arrive, how long a body may stall, how long an idle keep-alive connection is
 * kept, how long a stream may wait in all for a client that does not read, and how many connections
 * may be open at once.
 */
public record ConnectionLimits(Duration headTimeout, Duration bodyIdleTimeout, Duration idleTimeout,
        Duration streamStallTimeout, int maxConnections) {

    public static final Duration DEFAULT_HEAD_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STREAM_STALL_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    public static ConnectionLimits defaults() {
        return new ConnectionLimits(DEFAULT_HEAD_TIMEOUT, DEFAULT_BODY_IDLE_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_STREAM_STALL_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * Checks every limit; the messages name the builder option.
     *
     * @throws IllegalArgumentException for a limit that is not positive
     */
    public ConnectionLimits {
        positive("headTimeout", headTimeout);
        positive("bodyIdleTimeout", bodyIdleTimeout);
        positive("idleTimeout", idleTimeout);
        positive("streamStallTimeout", streamStallTimeout);
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1, got " + maxConnections);
        }
    }

    private static void positive(String option, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(option + " must be positive, got " + value);
        }
    }
}
