package dev.litserve4j.internal.metrics;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A count that each counting thread keeps in a cell of its own (see {@link StripedHistogram}): an
 * increment is a single-writer release store, with no cache line shared with another counting thread.
 * Read by adding the cells up; exposed as a Micrometer function counter or gauge.
 */
final class StripedCounter {

    private final Queue<AtomicLong> all = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<AtomicLong> local = ThreadLocal.withInitial(() -> {
        AtomicLong cell = new AtomicLong();
        all.add(cell);
        return cell;
    });

    void increment() {
        AtomicLong cell = local.get();
        cell.lazySet(cell.get() + 1); // one writer: a release store is enough
    }

    long sum() {
        long sum = 0;
        for (AtomicLong cell : all) {
            sum += cell.get();
        }
        return sum;
    }
}
