package dev.litserve4j.internal.lifecycle;

import java.util.concurrent.TimeUnit;

/**
 * Where a stop is: its phase, when its drain delay ends and its deadline. Written by the thread that
 * runs the stop, read by the probes, {@code /info} and the progress log from any thread.
 */
final class StopProgress {

    static final String STARTING = "starting";
    static final String RUNNING = "running";
    static final String DRAIN_DELAY = "drain delay";
    static final String REFUSE_CONNECTIONS = "refuse new connections";
    static final String DRAINING = "draining";
    static final String STOP_WORKERS = "stop workers";
    static final String SERVER_END = "onServerEnd callbacks";
    static final String STOP_EVENT_LOOPS = "stop event loops";
    static final String STOPPED = "stopped";
    /** Every phase a server shows, in order: the values of the metrics' phase gauge. */
    static final java.util.List<String> PHASES = java.util.List.of(STARTING, RUNNING, DRAIN_DELAY, REFUSE_CONNECTIONS,
            DRAINING, STOP_WORKERS, SERVER_END, STOP_EVENT_LOOPS, STOPPED);

    private final long gracefulNanos;
    private volatile boolean stopping;
    private volatile String phase;
    private volatile long drainDelayEnd;
    private volatile long deadline;

    /**
     * @param withDrainDelay whether a stop begins with a drain delay: the phase a stop shows from the
     *     moment it is asked for, before the thread that runs it has begun
     */
    StopProgress(boolean withDrainDelay, long gracefulNanos) {
        this.phase = withDrainDelay ? DRAIN_DELAY : DRAINING;
        this.gracefulNanos = gracefulNanos;
    }

    /** The stop begins now; it must end by {@code deadlineNanos}, after a drain delay until {@code delayEndNanos}. */
    void begin(long delayEndNanos, long deadlineNanos) {
        drainDelayEnd = delayEndNanos;
        deadline = deadlineNanos;
        stopping = true;
    }

    void phase(String name) {
        phase = name;
    }

    /** The phase of the stop under way, such as {@value #DRAIN_DELAY} or {@value #DRAINING}. */
    String phase() {
        return phase;
    }

    boolean inDrainDelay(long now) {
        return DRAIN_DELAY.equals(phase) && (!stopping || now - drainDelayEnd < 0);
    }

    /** Seconds left before the stop's deadline, in tenths; 0 once it has passed. */
    double secondsLeft(long now) {
        long left = stopping ? Math.max(0, deadline - now) : gracefulNanos;
        return Math.round(TimeUnit.NANOSECONDS.toMillis(left) / 100.0) / 10.0;
    }
}
