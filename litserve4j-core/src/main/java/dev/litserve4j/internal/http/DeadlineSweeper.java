package dev.litserve4j.internal.http;

import dev.litserve4j.internal.engine.Endpoint;
import dev.litserve4j.internal.engine.PendingRequest;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The request deadlines of one event loop. Every request has the same timeout, so deadlines come in
 * arrival order: a queue, swept every {@link #TICK_MILLIS} ms from its head, replaces a timer per
 * request. That matters on the hot path: a per-request timer must be cancelled when the answer comes,
 * and a cancel from a worker thread is one more task handed across threads for every request.
 * Answered requests leave the head as soon as they are reached, so the queue stays short; a stream
 * stays until its deadline, which then only answers if nothing of the stream was written yet.
 * Event-loop confined.
 */
final class DeadlineSweeper {

    static final long TICK_MILLIS = 10;

    private record Entry(long deadline, PendingRequest request, Endpoint endpoint) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    private DeadlineSweeper(EventLoop loop) {
        loop.scheduleWithFixedDelay(this::sweep, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The sweeper of {@code loop}, started on first use; call on that loop. */
    static DeadlineSweeper on(EventLoop loop, ThreadLocal<DeadlineSweeper> perLoop) {
        DeadlineSweeper sweeper = perLoop.get();
        if (sweeper == null) {
            sweeper = new DeadlineSweeper(loop);
            perLoop.set(sweeper);
        }
        return sweeper;
    }

    void add(long deadlineNanos, PendingRequest request, Endpoint endpoint) {
        entries.addLast(new Entry(deadlineNanos, request, endpoint));
    }

    private void sweep() {
        long now = System.nanoTime();
        Entry head;
        while ((head = entries.peekFirst()) != null && (head.request.isDone() || head.deadline - now <= 0)) {
            entries.pollFirst();
            if (head.request.isExpirable()) {
                head.request.expire(PredictRoute.TIMED_OUT);
                head.endpoint.remove(head.request); // free its queue slot now, not when a worker reaches it
            }
        }
    }
}
