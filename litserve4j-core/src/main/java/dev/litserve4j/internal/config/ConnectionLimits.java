package dev.litserve4j.internal.config;

import java.time.Duration;

/**
 * What a connection may cost the server before it is answered 408/503 and closed: the time a request
 * head may take to arrive, how long a body may stall, how long an idle keep-alive connection is
 * kept, how long a stream may wait in all for a client that does not read, how many connections
 * may be open at once, how many bytes of large request bodies the server reads a second, and how
 * many it holds while they are read.
 *
 * @param maxBodyReadRate bytes a second of request bodies beyond the first 64 KiB of each, across
 *     the listener's connections; 0 for no limit
 * @param maxBufferedBodyBytes bytes of request bodies being read, beyond the first 64 KiB of each,
 *     the listener holds at once; a body that would pass it gets 503; 0 for no limit
 */
public record ConnectionLimits(Duration headTimeout, Duration bodyIdleTimeout, Duration idleTimeout,
        Duration streamStallTimeout, int maxConnections, long maxBodyReadRate, long maxBufferedBodyBytes) {

    public static final Duration DEFAULT_HEAD_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STREAM_STALL_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** 128 MiB a second: about what a 1 Gbit/s network delivers. */
    public static final long DEFAULT_MAX_BODY_READ_RATE = 128L << 20;
    /** 32 MiB, or the payload limit when that is larger: two largest bodies at a time by default. */
    public static final long DEFAULT_MAX_BUFFERED_BODY_BYTES = 32L << 20;

    public static ConnectionLimits defaults() {
        return new ConnectionLimits(DEFAULT_HEAD_TIMEOUT, DEFAULT_BODY_IDLE_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_STREAM_STALL_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_BODY_READ_RATE,
                DEFAULT_MAX_BUFFERED_BODY_BYTES);
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
        if (maxBodyReadRate < 0) {
            throw new IllegalArgumentException("maxBodyReadRate must be >= 0 bytes a second (0 for no limit), got "
                    + maxBodyReadRate);
        }
        if (maxBufferedBodyBytes < 0) {
            throw new IllegalArgumentException("maxBufferedBodyBytes must be >= 0 bytes (0 for no limit), got "
                    + maxBufferedBodyBytes);
        }
    }

    private static void positive(String option, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(option + " must be positive, got " + value);
        }
    }
}
