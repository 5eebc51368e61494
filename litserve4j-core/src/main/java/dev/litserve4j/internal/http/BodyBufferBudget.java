package dev.litserve4j.internal.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many bytes of request bodies a listener holds while they are being read, beyond the first
 * {@link BodyReadBudget#FREE_BYTES} of each. Small requests never touch it; without it, a handful of
 * clients sending 16 MiB bodies (or endless ones that only the payload limit ends) at once make the
 * server hold that many times 16 MiB. A body that would take more than is left is refused with 503
 * ({@link RequestGate}); a body's bytes are given back once it is read whole or its connection ends.
 */
final class BodyBufferBudget {

    private final long max; // 0 for no limit
    private final AtomicLong held = new AtomicLong();

    /** @param maxBytes the budget, or 0 for none */
    BodyBufferBudget(long maxBytes) {
        this.max = maxBytes;
    }

    static BodyBufferBudget unlimited() {
        return new BodyBufferBudget(0);
    }

    /** Any thread: takes bytes from the budget, or nothing and false when fewer are left. */
    boolean reserve(long bytes) {
        if (max == 0) {
            return true;
        }
        while (true) {
            long now = held.get();
            if (now + bytes > max) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Any thread: gives back bytes {@link #reserve reserved} earlier. */
    void release(long bytes) {
        if (max != 0 && bytes > 0) {
            held.addAndGet(-bytes);
        }
    }

    /** Bytes held now. */
    long held() {
        return held.get();
    }
}
