package dev.litserve4j.internal.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One histogram metric with a series per API ({@link StripedHistogram}s), written out in Prometheus'
 * histogram type ({@code _bucket}, {@code _count}, {@code _sum}) by a scrape.
 */
final class HistogramFamily implements MultiCollector {

    private final String name;
    private final MetricMetadata metadata;
    private final double divisor; // from the recorded unit to the exported one (1e9: nanoseconds to seconds)
    private final long[] bounds;
    private final double[] exportedBounds;
    private final Map<String, StripedHistogram> byApi = new ConcurrentHashMap<>();

    /**
     * @param name the Prometheus name, its unit included ({@code litserve4j_queue_wait_seconds})
     * @param unit null for a count
     */
    HistogramFamily(String name, String help, Unit unit, double divisor, long[] bounds) {
        this.name = name;
        this.metadata = unit == null ? new MetricMetadata(name, help) : new MetricMetadata(name, help, unit);
        this.divisor = divisor;
        this.bounds = bounds.clone();
        this.exportedBounds = new double[bounds.length + 1];
        for (int i = 0; i < bounds.length; i++) {
            exportedBounds[i] = bounds[i] / divisor; // a division keeps 30 s at 30.0
        }
        exportedBounds[bounds.length] = Double.POSITIVE_INFINITY;
    }

    String name() {
        return name;
    }

    /** The series of one API, made the first time it is asked for. */
    StripedHistogram series(String api) {
        return byApi.computeIfAbsent(api, a -> new StripedHistogram(bounds));
    }

    void remove(String api) {
        byApi.remove(api);
    }

    @Override
    public MetricSnapshots collect() {
        List<HistogramSnapshot.HistogramDataPointSnapshot> points = new ArrayList<>();
        byApi.forEach((api, histogram) -> {
            StripedHistogram.Snapshot s = histogram.snapshot();
            points.add(new HistogramSnapshot.HistogramDataPointSnapshot(
                    ClassicHistogramBuckets.of(exportedBounds, s.counts()), s.sum() / divisor, Labels.of("api", api),
                    Exemplars.EMPTY, 0L));
        });
        return new MetricSnapshots(new HistogramSnapshot(metadata, points));
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(name);
    }
}
