package dev.litserve4j.internal.config;

import java.time.Duration;

/**
 * The probes an orchestrator steers by, and the time it is given to take a stopping server out of
 * rotation.
 *
 * @param livenessPath the liveness probe: 200 while the process can make progress
 * @param readinessPath the readiness probe: 200 only while the server should receive traffic
 * @param drainDelay how long a stopping server keeps serving, with readiness 503, before it drains
 */
public record ProbeConfig(String livenessPath, String readinessPath, Duration drainDelay) {

    public static final String DEFAULT_LIVENESS_PATH = "/livez";
    public static final String DEFAULT_READINESS_PATH = "/readyz";

    /** @throws IllegalArgumentException for a path without '/', or a delay that leaves no time to drain */
    public ProbeConfig(String livenessPath, String readinessPath, Duration drainDelay, Duration gracefulTimeout) {
        this(livenessPath, readinessPath, drainDelay);
        RoutePaths.checkPath("livenessPath", livenessPath, "'/livez'");
        RoutePaths.checkPath("readinessPath", readinessPath, "'/readyz'");
        if (drainDelay == null || drainDelay.isNegative()) {
            throw new IllegalArgumentException("drainDelay must be zero or positive, got " + drainDelay);
        }
        Duration drain = minimumDrain(gracefulTimeout);
        if (!drainDelay.isZero() && drainDelay.compareTo(gracefulTimeout.minus(drain)) > 0) {
            throw new IllegalArgumentException("drainDelay (" + drainDelay + ") must be shorter than gracefulTimeout ("
                    + gracefulTimeout + ") by at least " + drain + ": both come out of the one deadline of a stop,"
                    + " and the drain needs what is left; raise gracefulTimeout or shorten the delay");
        }
    }

    /**
     * What a drain delay must leave of the graceful timeout: a second (the drain's own grace for
     * connections that have not sent their request yet is half of that), or half of a shorter timeout.
     */
    static Duration minimumDrain(Duration gracefulTimeout) {
        Duration half = gracefulTimeout.dividedBy(2);
        return half.compareTo(Duration.ofSeconds(1)) < 0 ? half : Duration.ofSeconds(1);
    }
}
