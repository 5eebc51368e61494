package dev.litserve4j.internal.auth;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Counts failed attempts per client in a sliding window; once a client has {@code maxFailures}
 * inside the window it is refused until its oldest failure leaves the window. A client is an IPv4
 * address or an IPv6 /64 ({@link ClientGroup}). Memory is bounded: at most {@link #MAX_CLIENTS}
 * clients are remembered. To make room the least recent client that is not locked out is forgotten,
 * so no amount of churn from other addresses lifts a lockout.
 */
public final class FailedAttemptLimiter {

    static final int MAX_CLIENTS = 10_000;

    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    // Insertion order, and a client is re-inserted on each failure: the map runs from the oldest
    // latest failure to the newest. So the clients whose failures all left the window come first,
    // and the first entry that is not locked out is the least recent one that may be forgotten.
    private final LinkedHashMap<ClientGroup, ArrayDeque<Long>> failures = new LinkedHashMap<>();

    public FailedAttemptLimiter(int maxFailures, Duration window, LongSupplier nanoTime) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Seconds until {@code client} may try again, or 0 when it may try now. */
    public synchronized long retryAfterSeconds(InetAddress client) {
        ClientGroup group = ClientGroup.of(client);
        ArrayDeque<Long> times = failures.get(group);
        if (times == null) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        prune(times, now);
        if (times.isEmpty()) {
            failures.remove(group);
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
        ClientGroup group = ClientGroup.of(client);
        ArrayDeque<Long> times = failures.remove(group);
        if (times == null) {
            if (failures.size() >= MAX_CLIENTS && !forgetOne(now)) {
                return; // every remembered client is locked out: they matter more than a newcomer
            }
            times = new ArrayDeque<>();
        }
        prune(times, now);
        times.addLast(now);
        while (times.size() > maxFailures) {
            times.removeFirst();
        }
        failures.put(group, times);
    }

    /** How many clients are remembered now. */
    synchronized int remembered() {
        return failures.size();
    }

    /**
     * Forgets the least recent client that is not locked out; false when all are. The scan passes
     * over locked-out clients only, and there are few of those: each one took maxFailures failures
     * inside one window.
     */
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
