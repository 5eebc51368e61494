package dev.litserve4j.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters one server registered, so that its stop can take them out of a registry it does not own
 * (a user's registry outlives the server, and a gauge left behind would keep reading a stopped server).
 */
final class MeterSet {

    private final MeterRegistry registry;
    private final Set<Meter> registered = ConcurrentHashMap.newKeySet();

    MeterSet(MeterRegistry registry) {
        this.registry = registry;
    }

    MeterRegistry registry() {
        return registry;
    }

    Counter add(Counter.Builder builder) {
        return keep(builder.register(registry));
    }

    Timer add(Timer.Builder builder) {
        return keep(builder.register(registry));
    }

    DistributionSummary add(DistributionSummary.Builder builder) {
        return keep(builder.register(registry));
    }

    <T> Gauge add(Gauge.Builder<T> builder) {
        return keep(builder.register(registry));
    }

    <T> FunctionTimer add(FunctionTimer.Builder<T> builder) {
        return keep(builder.register(registry));
    }

    <T> FunctionCounter add(FunctionCounter.Builder<T> builder) {
        return keep(builder.register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        registered.add(meter);
        return meter;
    }

    /** Removes every meter this set registered. */
    void removeAll() {
        for (Meter meter : registered) {
            registry.remove(meter);
        }
        registered.clear();
    }
}
