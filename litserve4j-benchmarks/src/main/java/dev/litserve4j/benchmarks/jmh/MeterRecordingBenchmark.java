package dev.litserve4j.benchmarks.jmh;

import dev.litserve4j.internal.metrics.ApiMeters;
import dev.litserve4j.internal.metrics.ServerMetrics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the meters cost one plain request: every update the server makes for it (accepted, queue
 * wait, a batch of one, answered 200, ended) and the clock reads it adds, with the metrics on and
 * off. Run on two threads, as an event loop and a worker record side by side, so that shared cache
 * lines would show. Compare with the server's CPU time per request that {@code run.sh metrics} reports.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class MeterRecordingBenchmark {

    @Param({"on", "off"})
    String metrics;

    private ServerMetrics server;
    private ApiMeters meters;

    @Setup(Level.Trial)
    public void setUp() {
        server = metrics.equals("on") ? ServerMetrics.start(null, true) : ServerMetrics.off();
        meters = server.api("/predict");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
    }

    @Benchmark
    public long oneRequest() {
        long start = System.nanoTime();
        meters.started();
        if (meters.enabled()) {
            long taken = System.nanoTime();
            meters.queueWait(taken - start);
            long inferred = System.nanoTime();
            meters.inference(inferred - taken, 1);
        }
        long end = System.nanoTime();
        meters.answered(200, end - start);
        meters.ended();
        return end;
    }
}
