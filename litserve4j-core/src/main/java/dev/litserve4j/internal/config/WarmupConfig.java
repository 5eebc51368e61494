package dev.litserve4j.internal.config;

import java.time.Duration;

/**
 * The warm-up before readiness.
 *
 * @param requests requests sent to each API that supplies sample requests; 0 for no warm-up
 * @param timeout the longest the whole warm-up may take before the server goes ready without it
 */
public record WarmupConfig(int requests, Duration timeout) {

    public static final int DEFAULT_REQUESTS = 0;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public WarmupConfig {
        if (requests < 0) {
            throw new IllegalArgumentException("warmupRequests must be >= 0 (0 turns the warm-up off), got " + requests);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("warmupTimeout must be positive, got " + timeout);
        }
    }

    public boolean enabled() {
        return requests > 0;
    }
}
