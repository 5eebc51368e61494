package dev.litserve4j.internal.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts requests accepted and not yet answered, so a shutdown can wait for them. The hot path is
 * one atomic add; the lock is only touched when the count drops to zero.
 */
public final class RequestTracker {

    private final AtomicInteger active = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();

    /** Returns the number of active requests including the new one. */
    public int begin() {
        return active.incrementAndGet();
    }

    public void end() {
        if (active.decrementAndGet() == 0) {
            lock.lock();
            try {
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    public int active() {
        return active.get();
    }

    /** Waits until no request is active or the deadline ({@link System#nanoTime()}) passes; true when idle. */
    public boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (active.get() > 0) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                idle.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
