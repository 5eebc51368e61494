package dev.litserve4j.internal.auth;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Counts failed attempts per client address in a sliding window; once an address has
 * {@code maxFailures} inside the window it is refused until its oldest failure leaves the window.
 * Memory is bounded: at most {@link #MAX_ADDRESSES} addresses are remembered. To make room the least
 * recent address that is not locked out is forgotten, so no amount of churn from other addresses
 * lifts a lockout.
 */
public final class FailedAttemptLimiter {

    static final int MAX_ADDRESSES = 10_000;

    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    // Insertion order, and an address is re-inserted on each failure: the map runs from the oldest
    // latest failure to the newest. So the addresses whose failures all left the window come first,
    // and the first entry that is not locked out is the least recent one that may be forgotten.
    private final LinkedHashMap<InetAddress, ArrayDeque<Long>> failures = new LinkedHashMap<>();

    public FailedAttemptLimiter(int maxFailures, Duration window, LongSupplier nanoTime) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Seconds until {@code client} may try again, or 0 when it may try now. */
    public synchronized long retryAfterSeconds(InetAddress client) {
        ArrayDeque<Long> times = failures.get(client);
        if (times == null) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        prune(times, now);
        if (times.isEmpty()) {
            failures.remove(client);
            return 0;
        }
        if (times.size() < maxFailures) {
            return 0;
        }
        long waitNanos = times.peekFirst() + windowNanos - now;
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + TimeUnit.SECONDS.toNanos(1) - 1));
    }

    /** Records a failed attempt from {@code client}. */
    public synchronized void recordFailure(InetAddress client) {
        long now = nanoTime.getAsLong();
        ArrayDeque<Long> times = failures.remove(client);
        if (times == null) {
            if (failures.size() >= MAX_ADDRESSES && !forgetOne(now)) {
                return; // every remembered address is locked out: they matter more than a newcomer
            }
            times = new ArrayDeque<>();
        }
        prune(times, now);
        times.addLast(now);
        while (times.size() > maxFailures) {
            times.removeFirst();
        }
        failures.put(client, times);
    }

    /**
     * Forgets the least recent address that is not locked out; false when all are. The scan passes
     * over locked-out addresses only, and there are few of those: each one took maxFailures failures
     * inside one window.
     */
    /** How many addresses are remembered now. */
    synchronized int remembered() {
        return failures.size();
    }

    private boolean forgetOne(long now) {
        Iterator<ArrayDeque<Long>> entries = failures.values().iterator();
        while (entries.hasNext()) {
            ArrayDeque<Long> times = entries.next();
            prune(times, now);
            if (times.size() < maxFailures) {
                entries.remove();
                return true;
            }
        }
        return false;
    }

    private void prune(ArrayDeque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
            times.removeFirst();
        }
    }
}
