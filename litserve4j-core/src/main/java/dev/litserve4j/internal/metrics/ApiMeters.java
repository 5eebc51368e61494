package dev.litserve4j.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntSupplier;

/**
 * One API's meters, labelled {@code api} = its path. Counters and gauges are Micrometer's, made once
 * (the counter of a status code the first time that code is answered); the histograms are
 * {@link StripedHistogram}s, which cost a recording thread no shared write. {@link #off()} records
 * nothing, for a server without metrics.
 */
public final class ApiMeters {

    private static final ApiMeters OFF = new ApiMeters();
    private static final int STATUS_CODES = 600;

    private final MeterSet meters;
    private final String api;
    private final AtomicReferenceArray<StripedCounter> byStatus;
    private final Counter[] rejections;
    private final StripedHistogram duration;
    private final StripedHistogram queueWait;
    private final StripedHistogram inference;
    private final StripedHistogram firstChunk;
    private final StripedHistogram batchSize;
    private final StripedCounter started = new StripedCounter();
    private final StripedCounter ended = new StripedCounter();

    private ApiMeters() {
        meters = null;
        api = null;
        byStatus = null;
        rejections = null;
        duration = queueWait = inference = firstChunk = batchSize = null;
    }

    /**
     * @param meters where the counters and gauges go
     * @param userOnly a registry of the user's that cannot read the histograms, or null: it gets the
     *     count and the total time of each
     */
    ApiMeters(MeterSet meters, MeterSet userOnly, Histograms histograms, String api) {
        this.meters = meters;
        this.api = api;
        this.byStatus = new AtomicReferenceArray<>(STATUS_CODES);
        this.rejections = new Counter[Rejection.values().length];
        for (Rejection cause : Rejection.values()) {
            rejections[cause.ordinal()] = meters.add(Counter.builder("litserve4j.rejections")
                    .description("Requests turned away without their answer, by cause")
                    .tags("api", api, "cause", cause.label()));
        }
        this.duration = histograms.duration.series(api);
        this.queueWait = histograms.queueWait.series(api);
        this.inference = histograms.inference.series(api);
        this.firstChunk = histograms.firstChunk.series(api);
        this.batchSize = histograms.batchSize.series(api);
        if (userOnly != null) {
            timer(userOnly, "litserve4j.request.duration", duration);
            timer(userOnly, "litserve4j.queue.wait", queueWait);
            timer(userOnly, "litserve4j.inference.duration", inference);
            timer(userOnly, "litserve4j.stream.first.chunk", firstChunk);
            userOnly.add(FunctionCounter.builder("litserve4j.batches", batchSize, StripedHistogram::count)
                    .description("Predict calls").tags("api", api));
        }
        meters.add(Gauge.builder("litserve4j.requests.in.flight", this, m -> m.started.sum() - m.ended.sum())
                .description("Requests accepted and not yet answered, queued ones included").tags("api", api)
                .strongReference(true));
    }

    private void timer(MeterSet registry, String name, StripedHistogram histogram) {
        registry.add(FunctionTimer.builder(name, histogram, StripedHistogram::count, StripedHistogram::sum,
                TimeUnit.NANOSECONDS).tags("api", api));
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
            started.increment();
        }
    }

    /** A request accepted by {@link #started()} stopped counting: answered, cut or given up. */
    public void ended() {
        if (meters != null) {
            ended.increment();
        }
    }

    /** An answer to the API's path was written in full: its status and how long the request took. */
    public void answered(int status, long nanos) {
        if (meters == null) {
            return;
        }
        statusCounter(status).increment();
        duration.record(nanos);
    }

    private StripedCounter statusCounter(int status) {
        int index = status >= 0 && status < STATUS_CODES ? status : 0;
        StripedCounter counter = byStatus.get(index);
        if (counter == null) {
            StripedCounter made = new StripedCounter();
            if (byStatus.compareAndSet(index, null, made)) {
                meters.add(FunctionCounter.builder("litserve4j.requests", made, StripedCounter::sum)
                        .description("Answered requests, by status code")
                        .tags("api", api, "status", Integer.toString(index)));
            }
            counter = byStatus.get(index);
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
            queueWait.record(nanos);
        }
    }

    /** One predict call of {@code batch} requests. */
    public void inference(long nanos, int batch) {
        if (meters != null) {
            inference.record(nanos);
            batchSize.record(batch);
        }
    }

    public void firstChunk(long nanos) {
        if (meters != null) {
            firstChunk.record(nanos);
        }
    }

    /** True when this records anything: callers may skip reading the clock otherwise. */
    public boolean enabled() {
        return meters != null;
    }
}
