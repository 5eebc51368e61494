package dev.litserve4j.internal.metrics;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A histogram with fixed buckets that each recording thread writes in cells of its own: a record is a
 * bucket search and two single-writer stores, with no atomic read-modify-write and no cache line
 * shared with another recording thread. Micrometer's timers do about ten atomic updates per record on
 * lines the event loops and the workers all write, which cost SquareApi some 10% of its throughput;
 * these cost nothing measurable. A scrape adds the cells up.
 */
final class StripedHistogram {

    /** What a scrape sees: counts per bucket (the last one is +Inf), their total, and the sum of values. */
    record Snapshot(long[] counts, long count, long sum) {
    }

    /** One thread's counts; index {@code bounds.length + 1} holds the sum. Written by that thread only. */
    private static final class Cells {
        final AtomicLongArray values;

        Cells(int buckets) {
            values = new AtomicLongArray(buckets + 1);
        }
    }

    private final long[] bounds;
    private final Queue<Cells> all = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Cells> local = ThreadLocal.withInitial(this::newCells);

    /** @param bounds the buckets' inclusive upper bounds, ascending; +Inf is added */
    StripedHistogram(long[] bounds) {
        this.bounds = bounds.clone();
    }

    private Cells newCells() {
        Cells cells = new Cells(bounds.length + 1);
        all.add(cells);
        return cells;
    }

    void record(long value) {
        AtomicLongArray v = local.get().values;
        int bucket = bucket(value);
        v.lazySet(bucket, v.get(bucket) + 1); // one writer: a release store is enough
        int sum = bounds.length + 1;
        v.lazySet(sum, v.get(sum) + value);
    }

    private int bucket(long value) {
        int low = 0;
        int high = bounds.length; // bounds.length is the +Inf bucket
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (value <= bounds[mid]) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    long[] bounds() {
        return bounds.clone();
    }

    Snapshot snapshot() {
        long[] counts = new long[bounds.length + 1];
        long sum = 0;
        for (Cells cells : all) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += cells.values.get(i);
            }
            sum += cells.values.get(counts.length);
        }
        long count = 0;
        for (long c : counts) {
            count += c;
        }
        return new Snapshot(counts, count, sum);
    }

    long count() {
        return snapshot().count();
    }

    long sum() {
        return snapshot().sum();
    }
}
