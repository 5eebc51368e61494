package dev.litserve4j.internal.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to requests that did not end with an answer, counted where it happens: one per
 * server, read by the stop (for its exit code) and by whoever reports on the server.
 */
public final class RequestCounters {

    private final LongAdder clientGone = new LongAdder();
    private final LongAdder droppedUnstarted = new LongAdder();
    private final LongAdder streamsStalled = new LongAdder();

    /** A client left before its answer was complete. */
    public void clientGone() {
        clientGone.increment();
    }

    /** A worker skipped a request whose client had left while it waited: never computed. */
    public void droppedUnstarted() {
        droppedUnstarted.increment();
    }

    /** A stream was cut because its client read nothing for the stall timeout. */
    public void streamStalled() {
        streamsStalled.increment();
    }

    public long clientGoneCount() {
        return clientGone.sum();
    }

    public long droppedUnstartedCount() {
        return droppedUnstarted.sum();
    }

    public long streamsStalledCount() {
        return streamsStalled.sum();
    }
}
