package dev.litserve4j.internal.engine;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One blocking take, then draining against the window that opened with the first item. */
class BatchCollectorTest {

    /** Runs the blocking {@code next()} calls; a test that fails leaves no thread behind. */
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private static BlockingQueue<Integer> queueOf(int count) {
        BlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        for (int i = 1; i <= count; i++) {
            queue.add(i);
        }
        return queue;
    }

    @Test
    void aFullQueueIsTakenInBatchesOfAtMostMaxBatchSize() throws Exception {
        BlockingQueue<Integer> queue = queueOf(10);
        BatchCollector<Integer> collector = new BatchCollector<>(queue, 8, 0, System::nanoTime);

        assertThat(collector.next()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(collector.next()).containsExactly(9, 10);
        assertThat(queue).isEmpty();
    }

    @Test
    void aFullQueueIsTakenInBatchesOfAtMostMaxBatchSizeWithAWindowToo() throws Exception {
        BlockingQueue<Integer> queue = queueOf(10);
        BatchCollector<Integer> collector = new BatchCollector<>(queue, 8, Duration.ofMillis(20).toNanos(),
                System::nanoTime);

        assertThat(collector.next()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(collector.next()).containsExactly(9, 10);
    }

    @Test
    void maxBatchSizeOfOneTakesOneItemAtATime() throws Exception {
        BlockingQueue<Integer> queue = queueOf(3);
        BatchCollector<Integer> collector = new BatchCollector<>(queue, 1, Duration.ofSeconds(10).toNanos(),
                System::nanoTime);

        assertThat(collector.next()).containsExactly(1);
        assertThat(queue).containsExactly(2, 3);
    }

    @Test
    void aLoneItemIsReturnedWhenTheWindowClosesWithoutCompany() throws Exception {
        BlockingQueue<Integer> queue = queueOf(1);
        BatchCollector<Integer> collector = new BatchCollector<>(queue, 8, Duration.ofMillis(20).toNanos(),
                System::nanoTime);

        List<Integer> batch = CompletableFuture.supplyAsync(() -> next(collector), executor).get(10, SECONDS);

        assertThat(batch).containsExactly(1);
    }

    @Test
    void anItemArrivingDuringTheWindowJoinsTheBatch() throws Exception {
        BlockingQueue<Integer> queue = queueOf(1);
        BatchCollector<Integer> collector = new BatchCollector<>(queue, 2, Duration.ofMinutes(5).toNanos(),
                System::nanoTime);
        CompletableFuture<List<Integer>> batch = CompletableFuture.supplyAsync(() -> next(collector), executor);

        queue.add(2);

        assertThat(batch.get(10, SECONDS)).containsExactly(1, 2);
    }

    @Test
    void theWindowIsMeasuredWithTheInjectedClock() throws Exception {
        BlockingQueue<Integer> queue = queueOf(1);
        AtomicLong now = new AtomicLong();
        // Each reading of the clock is an hour later: the window of a minute is over at once.
        BatchCollector<Integer> collector = new BatchCollector<>(queue, 8, Duration.ofMinutes(1).toNanos(),
                () -> now.getAndAdd(Duration.ofHours(1).toNanos()));

        List<Integer> batch = CompletableFuture.supplyAsync(() -> next(collector), executor).get(10, SECONDS);

        assertThat(batch).containsExactly(1);
    }

    @Test
    void nextWaitsForTheFirstItem() throws Exception {
        BlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        BatchCollector<Integer> collector = new BatchCollector<>(queue, 4, 0, System::nanoTime);
        CompletableFuture<List<Integer>> batch = CompletableFuture.supplyAsync(() -> next(collector), executor);
        assertThat(batch).isNotDone();

        queue.add(7);

        assertThat(batch.get(10, SECONDS)).containsExactly(7);
    }

    private static List<Integer> next(BatchCollector<Integer> collector) {
        try {
            return collector.next();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
