package dev.litserve4j.internal.metrics;

import java.time.Duration;

/** The histogram buckets: from half a millisecond (a small model's predict) to two minutes (a long stream). */
final class Buckets {

    private Buckets() {
    }

    static final Duration[] LATENCY = {
        Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
        Duration.ofSeconds(120),
    };

    /** Batch sizes: powers of two up to 512. */
    static final long[] BATCH = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};

    /** {@link #LATENCY} in nanoseconds, the unit latencies are recorded in. */
    static long[] latencyNanos() {
        long[] nanos = new long[LATENCY.length];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = LATENCY[i].toNanos();
        }
        return nanos;
    }
}
