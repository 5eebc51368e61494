package dev.litserve4j.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntSupplier;

/**
 * One API's meters, labelled {@code api} = its path. Recording is a few adds on meters made once; the
 * counter of a status code is made the first time that code is answered. {@link #off()} records
 * nothing, for a server without metrics.
 */
public final class ApiMeters {

    private static final ApiMeters OFF = new ApiMeters();
    private static final int STATUS_CODES = 600;

    private final MeterSet meters;
    private final String api;
    private final AtomicReferenceArray<Counter> byStatus;
    private final Counter[] rejections;
    private final Timer duration;
    private final Timer queueWait;
    private final Timer inference;
    private final Timer firstChunk;
    private final DistributionSummary batchSize;
    private final AtomicInteger inFlight = new AtomicInteger();

    private ApiMeters() {
        meters = null;
        api = null;
        byStatus = null;
        rejections = null;
        duration = queueWait = inference = firstChunk = null;
        batchSize = null;
    }

    ApiMeters(MeterSet meters, String api) {
        this.meters = meters;
        this.api = api;
        this.byStatus = new AtomicReferenceArray<>(STATUS_CODES);
        this.rejections = new Counter[Rejection.values().length];
        for (Rejection cause : Rejection.values()) {
            rejections[cause.ordinal()] = meters.add(Counter.builder("litserve4j.rejections")
                    .description("Requests turned away without their answer, by cause")
                    .tags("api", api, "cause", cause.label()));
        }
        this.duration = meters.add(timer("litserve4j.request.duration",
                "From the request's head to the last byte of its answer (a stream's end)"));
        this.queueWait = meters.add(timer("litserve4j.queue.wait", "Time in the API's queue before a worker took it"));
        this.inference = meters.add(timer("litserve4j.inference.duration",
                "One predict call (a whole batch; a stream until its end)"));
        this.firstChunk = meters.add(timer("litserve4j.stream.first.chunk",
                "From a streamed request's head to its first chunk"));
        this.batchSize = meters.add(DistributionSummary.builder("litserve4j.batch.size")
                .description("Requests per predict call").tags("api", api).serviceLevelObjectives(Buckets.BATCH).distributionStatisticBufferLength(1));
        meters.add(Gauge.builder("litserve4j.requests.in.flight", inFlight, AtomicInteger::get)
                .description("Requests accepted and not yet answered, queued ones included").tags("api", api).strongReference(true));
    }

    /** One window for the max, not Micrometer's three: each record then updates one max instead of three. */
    private Timer.Builder timer(String name, String description) {
        return Timer.builder(name).description(description).tags("api", api)
                .serviceLevelObjectives(Buckets.LATENCY).distributionStatisticBufferLength(1);
    }

    /** Records nothing. */
    public static ApiMeters off() {
        return OFF;
    }

    /** Watches the API's queue and workers (read when scraped). */
    public void watch(IntSupplier queued, IntSupplier workersReady, IntSupplier workersBusy) {
        if (meters == null) {
            return;
        }
        meters.add(Gauge.builder("litserve4j.queue.depth", queued, q -> q.getAsInt())
                .description("Requests waiting in the API's queue").tags("api", api).strongReference(true));
        meters.add(Gauge.builder("litserve4j.workers.ready", workersReady, w -> w.getAsInt())
                .description("Workers that finished setup and take requests").tags("api", api).strongReference(true));
        meters.add(Gauge.builder("litserve4j.workers.busy", workersBusy, w -> w.getAsInt())
                .description("Workers running a predict now").tags("api", api).strongReference(true));
    }

    /** A request was accepted for the API. */
    public void started() {
        if (meters != null) {
            inFlight.incrementAndGet();
        }
    }

    /** A request accepted by {@link #started()} stopped counting: answered, cut or given up. */
    public void ended() {
        if (meters != null) {
            inFlight.decrementAndGet();
        }
    }

    /** An answer to the API's path was written in full: its status and how long the request took. */
    public void answered(int status, long nanos) {
        if (meters == null) {
            return;
        }
        statusCounter(status).increment();
        duration.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Counter statusCounter(int status) {
        int index = status >= 0 && status < STATUS_CODES ? status : 0;
        Counter counter = byStatus.get(index);
        if (counter == null) {
            counter = meters.add(Counter.builder("litserve4j.requests")
                    .description("Answered requests, by status code")
                    .tags("api", api, "status", Integer.toString(status)));
            byStatus.compareAndSet(index, null, counter); // the registry returns the same meter to a racer
        }
        return counter;
    }

    public void rejected(Rejection cause) {
        if (meters != null) {
            rejections[cause.ordinal()].increment();
        }
    }

    public void queueWait(long nanos) {
        if (meters != null) {
            queueWait.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** One predict call of {@code batch} requests. */
    public void inference(long nanos, int batch) {
        if (meters != null) {
            inference.record(nanos, TimeUnit.NANOSECONDS);
            batchSize.record(batch);
        }
    }

    public void firstChunk(long nanos) {
        if (meters != null) {
            firstChunk.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** True when this records anything: callers may skip reading the clock otherwise. */
    public boolean enabled() {
        return meters != null;
    }
}
