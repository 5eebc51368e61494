package dev.litserve4j.internal.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.lang.management.ManagementFactory;
import java.util.Set;

/**
 * The JVM and process meters Micrometer provides, bound to a registry the server owns. Three of them
 * break Prometheus' naming rules ({@code promtool check metrics} rejects them): the compilation time
 * and the process CPU time in ms and ns, and a gauge named {@code _count}. They are left out, and the
 * CPU time is given the standard name, {@code process_cpu_seconds_total}.
 */
final class JvmMeters implements AutoCloseable {

    private final JvmGcMetrics gc; // listens to GC notifications until closed

    private JvmMeters(JvmGcMetrics gc) {
        this.gc = gc;
    }

    private static final Set<String> MISNAMED = Set.of("jvm.compilation.time", "process.cpu.time", "system.cpu.count");

    static JvmMeters bind(MeterRegistry registry) {
        registry.config().meterFilter(MeterFilter.deny(id -> MISNAMED.contains(id.getName())));
        new JvmInfoMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            FunctionCounter.builder("process.cpu", (com.sun.management.OperatingSystemMXBean) os,
                    bean -> bean.getProcessCpuTime() / 1e9)
                    .description("CPU time used by the process").baseUnit("seconds").register(registry);
        }
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new JvmMeters(gc);
    }

    @Override
    public void close() {
        gc.close();
    }
}
