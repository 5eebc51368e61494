package dev.litserve4j.cli.deploy;

import dev.litserve4j.LitServer;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * How long an orchestrator should wait after SIGTERM before it kills the process: the server's
 * graceful timeout (the whole stop, its drain delay included) plus a margin for the JVM to exit once
 * the server has stopped. Kubernetes' {@code terminationGracePeriodSeconds}, {@code docker run
 * --stop-timeout}.
 *
 * @param seconds the wait, in whole seconds
 */
record GracePeriod(long seconds, Duration gracefulTimeout, Duration drainDelay) {

    /** Time for the process to end after {@code run()} has returned: exit hooks, the JVM's own exit. */
    static final long MARGIN_SECONDS = 5;

    static GracePeriod of(LitServer server) {
        return new GracePeriod(wholeSecondsUp(server.gracefulTimeout()) + MARGIN_SECONDS, server.gracefulTimeout(),
                server.drainDelay());
    }

    /** The arithmetic, in words, for a comment beside the number. */
    String explanation() {
        long whole = wholeSecondsUp(gracefulTimeout);
        String graceful = "--graceful-timeout " + seconds(gracefulTimeout) + " s"
                + (whole * 1000 == gracefulTimeout.toMillis() ? "" : " (rounded up to " + whole + ")");
        String drain = drainDelay.isZero()
                ? "without --drain-delay the port closes as the stop begins"
                : "its --drain-delay of " + seconds(drainDelay) + " s comes out of it: for that long /readyz answers"
                        + " 503 while requests are still served, so traffic moves away before the port closes";
        return seconds + " = " + graceful + ", the deadline of the whole stop (" + drain + "), + " + MARGIN_SECONDS
                + " s for the JVM to exit once the server has stopped.";
    }

    // Rounded up: a kill a fraction of a second early would still cut the stop.
    private static long wholeSecondsUp(Duration d) {
        return (d.toMillis() + 999) / 1000;
    }

    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
