package dev.litserve4j.internal.http;

import dev.litserve4j.internal.engine.Endpoint;
import dev.litserve4j.internal.engine.PendingRequest;
import dev.litserve4j.internal.engine.RequestState;
import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The request deadlines of one event loop. Every request has the same timeout, so deadlines come in
 * arrival order: a list, swept every {@link #TICK_MILLIS} ms from its head, replaces a timer per
 * request. That matters on the hot path: a per-request timer must be cancelled when the answer comes,
 * and a cancel from a worker thread is one more task handed across threads for every request. The
 * list is linked through its entries, so a request leaves it the moment it is finished (its answer is
 * written on this loop anyway): the sweeper never holds a finished request, nor its body. Event-loop
 * confined.
 */
final class DeadlineSweeper {

    static final long TICK_MILLIS = 10;

    /** One request's place in the list. */
    static final class Deadline {
        private final long at;
        private final PendingRequest request;
        private final Endpoint endpoint;
        private Deadline prev;
        private Deadline next;
        private boolean linked;

        private Deadline(long at, PendingRequest request, Endpoint endpoint) {
            this.at = at;
            this.request = request;
            this.endpoint = endpoint;
        }
    }

    private final LongSupplier nanoTime;
    private Deadline head;
    private Deadline tail;
    private int size;

    DeadlineSweeper(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The sweeper of {@code loop}, started on first use; call on that loop. */
    static DeadlineSweeper on(EventLoop loop, ThreadLocal<DeadlineSweeper> perLoop) {
        DeadlineSweeper sweeper = perLoop.get();
        if (sweeper == null) {
            DeadlineSweeper created = new DeadlineSweeper(System::nanoTime);
            loop.scheduleWithFixedDelay(created::sweep, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
            perLoop.set(created);
            sweeper = created;
        }
        return sweeper;
    }

    Deadline add(long deadlineNanos, PendingRequest request, Endpoint endpoint) {
        Deadline d = new Deadline(deadlineNanos, request, endpoint);
        d.prev = tail;
        if (tail == null) {
            head = d;
        } else {
            tail.next = d;
        }
        tail = d;
        d.linked = true;
        size++;
        return d;
    }

    /** Takes a finished request out of the list; a no-op when it already left. */
    void remove(Deadline d) {
        if (!d.linked) {
            return;
        }
        d.linked = false;
        if (d.prev == null) {
            head = d.next;
        } else {
            d.prev.next = d.next;
        }
        if (d.next == null) {
            tail = d.prev;
        } else {
            d.next.prev = d.prev;
        }
        d.prev = null;
        d.next = null;
        size--;
    }

    /** Requests in the list: unfinished ones only. */
    int size() {
        return size;
    }

    /** Answers 504 to every request whose deadline has passed and that has nothing on the wire yet. */
    void sweep() {
        long now = nanoTime.getAsLong();
        while (head != null && head.at - now <= 0) {
            Deadline d = head;
            remove(d);
            boolean queued = d.request.state().get() == RequestState.QUEUED;
            if (d.request.expire(PredictRoute.TIMED_OUT) && queued) {
                d.endpoint.remove(d.request); // free its queue slot now, not when a worker reaches it
            }
        }
    }
}
