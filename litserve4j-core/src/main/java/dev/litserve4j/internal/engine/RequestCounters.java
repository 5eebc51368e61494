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
    private final LongAdder answersStalled = new LongAdder();
    private final LongAdder refusedStopping = new LongAdder();

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

    /** An answer was cut because its client read none of it for the stall timeout. */
    public void answerStalled() {
        answersStalled.increment();
    }

    /** A request was answered 503 because the server was stopping when it came (or was taken). */
    public void refusedStopping() {
        refusedStopping.increment();
    }

    public long answersStalledCount() {
        return answersStalled.sum();
    }

    public long refusedStoppingCount() {
        return refusedStopping.sum();
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
