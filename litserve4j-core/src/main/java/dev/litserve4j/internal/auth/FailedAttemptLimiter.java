package dev.litserve4j.internal.auth;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Counts failed attempts per client address in a sliding window; once an address has
 * {@code maxFailures} inside the window it is refused until its oldest failure leaves the window.
 * Memory is bounded: at most {@link #MAX_ADDRESSES} addresses are remembered, the least recent dropped.
 */
public final class FailedAttemptLimiter {

    static final int MAX_ADDRESSES = 10_000;

    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Map<InetAddress, ArrayDeque<Long>> failures = new LinkedHashMap<>(16, 0.75f, true);

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
        ArrayDeque<Long> times = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
        prune(times, now);
        times.addLast(now);
        while (times.size() > maxFailures) {
            times.removeFirst();
        }
        if (failures.size() > MAX_ADDRESSES) {
            Iterator<InetAddress> eldest = failures.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    private void prune(ArrayDeque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
            times.removeFirst();
        }
    }
}
