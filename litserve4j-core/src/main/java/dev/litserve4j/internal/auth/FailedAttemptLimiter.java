package dev.litserve4j.internal.auth;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Counts failed attempts in sliding windows, per client and server-wide.
 *
 * <p>Once a client has {@code maxFailures} inside its window it is refused until its oldest failure
 * leaves the window. A client is an IPv4 address or an IPv6 /64 ({@link ClientGroup}). Once the
 * server has {@code maxGlobalFailures} inside the global window, every client is refused, also one
 * never seen, until the oldest of those failures leaves the window: rotating through addresses then
 * buys nothing.
 *
 * <p>Admission is one step: {@link #admit} counts the attempt as a failure as it lets it in, and an
 * attempt that turns out not to fail is {@linkplain Attempt#giveBack given back}. So attempts checked
 * at the same time (queued for a key file's thread, say) see each other, and a burst of wrong keys
 * gets exactly the limit of 401s, never more.
 *
 * <p>Memory is bounded: at most {@link #MAX_CLIENTS} clients are remembered. To make room the least
 * recent client that is not locked out is forgotten, so no amount of churn lifts a lockout.
 */
public final class FailedAttemptLimiter {

    static final int MAX_CLIENTS = 10_000;

    /**
     * Whether a client may try now.
     *
     * @param retryAfterSeconds 0 when it may, else at least 1
     * @param serverWide true when it is the server-wide budget that is spent (and takes longer to
     *     recover than the client's own)
     */
    public record Verdict(long retryAfterSeconds, boolean serverWide) {
        static final Verdict ALLOWED = new Verdict(0, false);

        public boolean allowed() {
            return retryAfterSeconds == 0;
        }
    }

    /**
     * An attempt {@link #admit} was asked about. When allowed it is counted as a failure from that
     * moment, at that time, until {@link #giveBack} (a right key, or a check that could not be made).
     */
    public final class Attempt {
        private final Verdict verdict;
        private final ClientGroup group;
        private final long at;
        private boolean counted; // guarded by the limiter

        private Attempt(Verdict verdict, ClientGroup group, long at, boolean counted) {
            this.verdict = verdict;
            this.group = group;
            this.at = at;
            this.counted = counted;
        }

        public Verdict verdict() {
            return verdict;
        }

        public boolean allowed() {
            return verdict.allowed();
        }

        /** The attempt did not fail: it no longer counts. Does nothing when refused or given back already. */
        public void giveBack() {
            FailedAttemptLimiter.this.giveBack(this);
        }
    }

    private final int maxFailures;
    private final long windowNanos;
    private final int maxGlobalFailures;
    private final long globalWindowNanos;
    private final LongSupplier nanoTime;
    // Insertion order, and a client is re-inserted on each failure: the map runs from the oldest
    // latest failure to the newest. So the clients whose failures all left the window come first,
    // and the first entry that is not locked out is the least recent one that may be forgotten.
    private final LinkedHashMap<ClientGroup, ArrayDeque<Long>> failures = new LinkedHashMap<>();
    private final ArrayDeque<Long> globalFailures = new ArrayDeque<>();

    /**
     * @param maxFailures failures of one client inside {@code window} that lock it out
     * @param maxGlobalFailures failures of all clients inside {@code globalWindow} that lock everyone out
     */
    public FailedAttemptLimiter(int maxFailures, Duration window, int maxGlobalFailures, Duration globalWindow,
            LongSupplier nanoTime) {
        if (maxFailures < 1 || maxGlobalFailures < 1) {
            throw new IllegalArgumentException("maxFailures and maxGlobalFailures must be >= 1, got "
                    + maxFailures + " and " + maxGlobalFailures);
        }
        if (window.isZero() || window.isNegative() || globalWindow.isZero() || globalWindow.isNegative()) {
            throw new IllegalArgumentException("window and globalWindow must be positive, got " + window
                    + " and " + globalWindow);
        }
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.maxGlobalFailures = maxGlobalFailures;
        this.globalWindowNanos = globalWindow.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Whether {@code client} may try now, in one step with counting the attempt: when it may, the
     * attempt is counted as a failure until {@linkplain Attempt#giveBack given back}.
     */
    public synchronized Attempt admit(InetAddress client) {
        long now = nanoTime.getAsLong();
        ClientGroup group = ClientGroup.of(client);
        Verdict verdict = verdict(group, now);
        if (!verdict.allowed()) {
            return new Attempt(verdict, group, now, false);
        }
        record(group, now);
        return new Attempt(verdict, group, now, true);
    }

    /** Whether {@code client} may try now, and if not how long until it may and why; counts nothing. */
    synchronized Verdict check(InetAddress client) {
        return verdict(ClientGroup.of(client), nanoTime.getAsLong());
    }

    private Verdict verdict(ClientGroup group, long now) {
        long globalWait = waitNanos(globalFailures, maxGlobalFailures, globalWindowNanos, now);
        long clientWait = 0;
        ArrayDeque<Long> times = failures.get(group);
        if (times != null) {
            clientWait = waitNanos(times, maxFailures, windowNanos, now);
            if (times.isEmpty()) {
                failures.remove(group);
            }
        }
        long wait = Math.max(globalWait, clientWait);
        if (wait <= 0) {
            return Verdict.ALLOWED;
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + TimeUnit.SECONDS.toNanos(1) - 1));
        return new Verdict(seconds, globalWait > clientWait);
    }

    /** Seconds until {@code client} may try again, or 0 when it may try now. */
    long retryAfterSeconds(InetAddress client) {
        return check(client).retryAfterSeconds();
    }

    /** Records a failed attempt from {@code client}, against it and against the server-wide budget. */
    synchronized void recordFailure(InetAddress client) {
        record(ClientGroup.of(client), nanoTime.getAsLong());
    }

    private synchronized void giveBack(Attempt attempt) {
        if (!attempt.counted) {
            return;
        }
        attempt.counted = false;
        // Another failure at the same instant is the same to the window; one trimmed away already
        // (behind maxFailures newer ones) leaves nothing that would change a verdict.
        globalFailures.removeFirstOccurrence(attempt.at);
        ArrayDeque<Long> times = failures.get(attempt.group);
        if (times != null) {
            times.removeFirstOccurrence(attempt.at);
            if (times.isEmpty()) {
                failures.remove(attempt.group);
            }
        }
    }

    private void record(ClientGroup group, long now) {
        record(globalFailures, maxGlobalFailures, globalWindowNanos, now);
        ArrayDeque<Long> times = failures.remove(group);
        if (times == null) {
            if (failures.size() >= MAX_CLIENTS && !forgetOne(now)) {
                return; // every remembered client is locked out: they matter more than a newcomer
            }
            times = new ArrayDeque<>();
        }
        record(times, maxFailures, windowNanos, now);
        failures.put(group, times);
    }

    /** How many clients are remembered now. */
    synchronized int remembered() {
        return failures.size();
    }

    /**
     * Forgets the least recent client that is not locked out; false when all are. The scan passes
     * over locked-out clients only, and there are few of those: the route checks the server-wide
     * budget first, so each global window locks out at most maxGlobalFailures / maxFailures clients.
     */
    private boolean forgetOne(long now) {
        Iterator<ArrayDeque<Long>> entries = failures.values().iterator();
        while (entries.hasNext()) {
            ArrayDeque<Long> times = entries.next();
            prune(times, windowNanos, now);
            if (times.size() < maxFailures) {
                entries.remove();
                return true;
            }
        }
        return false;
    }

    /** Nanoseconds until {@code times} holds fewer than {@code max} failures inside the window; pruned first. */
    private static long waitNanos(ArrayDeque<Long> times, int max, long window, long now) {
        prune(times, window, now);
        return times.size() < max ? 0 : times.peekFirst() + window - now;
    }

    /** Only the newest {@code max} failures are kept: older ones cannot change a verdict. */
    private static void record(ArrayDeque<Long> times, int max, long window, long now) {
        prune(times, window, now);
        times.addLast(now);
        while (times.size() > max) {
            times.removeFirst();
        }
    }

    private static void prune(ArrayDeque<Long> times, long window, long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= window) {
            times.removeFirst();
        }
    }
}
