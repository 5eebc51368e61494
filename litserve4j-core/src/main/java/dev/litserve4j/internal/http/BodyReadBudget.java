package dev.litserve4j.internal.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How many bytes of request bodies the server reads a second, across all its connections, beyond
 * the first {@link #FREE_BYTES} of each request. Small requests never touch it; a few clients that
 * push large bodies as fast as the network allows (an upload, or an endless body that only the
 * payload limit will end) share this rate instead of every core. A virtual clock in the manner of
 * a token bucket: each charge moves the time the bytes read so far are paid up to; a reader ahead
 * of it by more than a short burst waits that long before it reads again.
 */
final class BodyReadBudget {

    /** Bytes of each request body read without charge. */
    static final long FREE_BYTES = 64 * 1024;

    private static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final double nanosPerByte;
    private final long quantum;
    private final LongSupplier nanoTime;
    private final AtomicLong paidUpTo;

    /** @param bytesPerSecond the rate, or a value below 1 for none */
    BodyReadBudget(long bytesPerSecond, LongSupplier nanoTime) {
        this.nanosPerByte = bytesPerSecond < 1 ? 0 : 1e9 / bytesPerSecond;
        this.quantum = Math.max(8 * 1024, Math.min(256 * 1024, bytesPerSecond / 500));
        this.nanoTime = nanoTime;
        this.paidUpTo = new AtomicLong(nanoTime.getAsLong());
    }

    boolean limited() {
        return nanosPerByte > 0;
    }

    /** Bytes a reader pays for at a time: about 2 ms of the rate, from one 8 KiB read to 256 KiB. */
    long quantum() {
        return quantum;
    }

    /** Any thread: charges bytes just read; how long the reader should wait before it reads more. */
    long charge(long bytes) {
        if (nanosPerByte == 0) {
            return 0;
        }
        long cost = (long) Math.ceil(bytes * nanosPerByte);
        long now = nanoTime.getAsLong();
        long next = paidUpTo.accumulateAndGet(cost, (paid, c) -> (paid - now < 0 ? now : paid) + c);
        return Math.max(0, next - now - BURST_NANOS);
    }
}
