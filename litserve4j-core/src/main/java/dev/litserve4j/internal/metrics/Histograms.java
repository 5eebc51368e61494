package dev.litserve4j.internal.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;

/** The server's histogram metrics, one family each, with a series per API. */
final class Histograms {

    private static final double NANOS_PER_SECOND = 1e9;

    final HistogramFamily duration = latency("litserve4j_request_duration_seconds",
            "From the request's head to the last byte of its answer (a stream's end)");
    final HistogramFamily queueWait = latency("litserve4j_queue_wait_seconds", "Time in the API's queue before a worker took it");
    final HistogramFamily inference = latency("litserve4j_inference_duration_seconds",
            "One batch on a worker: decode, predict, encode (a stream until its end)");
    final HistogramFamily firstChunk = latency("litserve4j_stream_first_chunk_seconds",
            "From a streamed request's head to its first chunk");
    final HistogramFamily batchSize = new HistogramFamily("litserve4j_batch_size", "Requests per predict call", null,
            1, Buckets.BATCH);

    private static HistogramFamily latency(String name, String help) {
        return new HistogramFamily(name, help, Unit.SECONDS, NANOS_PER_SECOND, Buckets.latencyNanos());
    }

    List<HistogramFamily> all() {
        return List.of(duration, queueWait, inference, firstChunk, batchSize);
    }

    void registerWith(PrometheusRegistry registry) {
        all().forEach(registry::register);
    }

    void unregisterFrom(PrometheusRegistry registry) {
        all().forEach(registry::unregister);
    }
}
