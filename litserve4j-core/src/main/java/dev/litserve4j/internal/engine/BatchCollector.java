package dev.litserve4j.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Takes the next batch from a queue: one blocking take, then more requests until the batch is full or
 * {@code batchTimeout} has passed since the first one arrived. The window starts with the first
 * request (LitServe starts it when the worker starts waiting, so a lone request may wait the whole
 * window for nothing to join it; here it waits at most the window and only for company).
 */
public final class BatchCollector<T> {

    private final BlockingQueue<T> queue;
    private final int maxBatchSize;
    private final long batchTimeoutNanos;
    private final LongSupplier nanoTime;

    public BatchCollector(BlockingQueue<T> queue, int maxBatchSize, long batchTimeoutNanos, LongSupplier nanoTime) {
        this.queue = queue;
        this.maxBatchSize = maxBatchSize;
        this.batchTimeoutNanos = batchTimeoutNanos;
        this.nanoTime = nanoTime;
    }

    /**
     * Blocks until at least one item is available, then returns up to {@code maxBatchSize} items.
     * Interrupted while a batch is being collected, it returns what it has (with the thread's interrupt
     * flag set again) rather than dropping items that are no longer in the queue.
     */
    public List<T> next() throws InterruptedException {
        T first = queue.take();
        List<T> batch = new ArrayList<>(maxBatchSize);
        batch.add(first);
        if (maxBatchSize == 1) {
            return batch;
        }
        queue.drainTo(batch, maxBatchSize - batch.size());
        long deadline = nanoTime.getAsLong() + batchTimeoutNanos;
        while (batch.size() < maxBatchSize) {
            long remaining = deadline - nanoTime.getAsLong();
            if (remaining <= 0) {
                break;
            }
            T item;
            try {
                item = queue.poll(remaining, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return batch;
            }
            if (item == null) {
                break;
            }
            batch.add(item);
            queue.drainTo(batch, maxBatchSize - batch.size());
        }
        return batch;
    }
}
