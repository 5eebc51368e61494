package dev.litserve4j.benchmarks.jmh;

import dev.litserve4j.internal.engine.BatchCollector;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The cost of one offer per request plus one collected batch, by queue kind and batch size. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BatchCollectorBenchmark {

    @Param({"1", "8"})
    int batchSize;

    @Param({"array", "linked"})
    String queueKind;

    private BlockingQueue<Object> queue;
    private BatchCollector<Object> collector;
    private final Object item = new Object();

    @Setup
    public void setUp() {
        queue = queueKind.equals("array") ? new ArrayBlockingQueue<>(1024) : new LinkedBlockingQueue<>(1024);
        collector = new BatchCollector<>(queue, batchSize, 0, System::nanoTime);
    }

    @Benchmark
    public List<Object> offerThenCollectOneBatch() throws InterruptedException {
        for (int i = 0; i < batchSize; i++) {
            queue.offer(item);
        }
        return collector.next();
    }
}
