package dev.litserve4j.internal.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A server's meters and the registries they go to: a Prometheus registry for {@code /metrics} (the
 * user's, when they passed a Prometheus one; else the server's own, with the JVM and process meters),
 * and a registry the user passed, if any. The server's stop takes its meters out of a user's registry
 * and closes the registry it made.
 */
public final class ServerMetrics implements AutoCloseable {

    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final int MAX_QUEUED_SCRAPES = 16;
    private static final ServerMetrics OFF = new ServerMetrics(null, null, null, null, null);

    private final MeterSet meters;
    private final MeterSet userOnly; // the user's registry when it cannot read the histograms, else null
    private final PrometheusMeterRegistry scrape;
    private final PrometheusMeterRegistry histogramsIn;
    private final Histograms histograms = new Histograms();
    private final JvmMeters jvm;
    private volatile LongSupplier connectionsRefused;
    private final ExecutorService scrapes; // one thread with a short queue, when there is a registry to write

    private ServerMetrics(MeterSet meters, MeterSet userOnly, PrometheusMeterRegistry scrape,
            PrometheusMeterRegistry histogramsIn, JvmMeters jvm) {
        this.meters = meters;
        this.userOnly = userOnly;
        this.scrape = scrape;
        this.histogramsIn = histogramsIn;
        this.jvm = jvm;
        this.scrapes = scrape == null ? null : new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_SCRAPES), r -> {
                    Thread thread = new Thread(r, "litserve4j-metrics");
                    thread.setDaemon(true);
                    return thread;
                });
        if (histogramsIn != null) {
            histograms.registerWith(histogramsIn.getPrometheusRegistry());
        }
    }

    /** Records nothing and serves nothing. */
    public static ServerMetrics off() {
        return OFF;
    }

    /**
     * @param user the registry the user passed, or null
     * @param serve whether {@code /metrics} is served (then a Prometheus registry is needed)
     */
    public static ServerMetrics start(MeterRegistry user, boolean serve) {
        if (user == null && !serve) {
            return OFF;
        }
        if (user != null && user.find("litserve4j.lifecycle.phase").gauge() != null) {
            // The same names and tags: the second server's gauges would read the first one's values.
            throw new IllegalStateException("the meterRegistry already holds the meters of another running "
                    + "LitServer: give each server a registry of its own");
        }
        PrometheusMeterRegistry userPrometheus = user instanceof PrometheusMeterRegistry
                ? (PrometheusMeterRegistry) user : null;
        if (!serve || userPrometheus != null) {
            return new ServerMetrics(new MeterSet(user), userPrometheus == null ? new MeterSet(user) : null,
                    serve ? userPrometheus : null, userPrometheus, null);
        }
        PrometheusMeterRegistry own = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmMeters jvm = JvmMeters.bind(own);
        if (user == null) {
            return new ServerMetrics(new MeterSet(own), null, own, own, jvm);
        }
        return new ServerMetrics(new MeterSet(new CompositeMeterRegistry(own.config().clock(), List.of(own, user))),
                new MeterSet(user), own, own, jvm);
    }

    public boolean enabled() {
        return meters != null;
    }

    /** True when there is a registry for {@code /metrics} to write out. */
    public boolean serves() {
        return scrape != null;
    }

    /** Where scrapes run, never on an event loop: one thread; a full queue rejects. */
    public Executor scrapes() {
        return scrapes;
    }

    /** The meters of the API at {@code path}. */
    public ApiMeters api(String path) {
        return meters == null ? ApiMeters.off() : new ApiMeters(meters, userOnly, histograms, path);
    }

    /**
     * Watches the server as a whole (read when scraped).
     *
     * @param phases every phase name {@code phase} can give: each is a 0/1 series of the phase gauge
     * @param secondsLeft the time before the stop's deadline, NaN while not stopping
     */
    public void watchServer(List<String> phases, Supplier<String> phase, DoubleSupplier secondsLeft,
            IntSupplier openConnections, LongSupplier connectionsRefused) {
        if (meters == null) {
            return;
        }
        for (String name : phases) {
            meters.add(Gauge.builder("litserve4j.lifecycle.phase", phase, p -> name.equals(p.get()) ? 1 : 0)
                    .description("1 for the phase the server is in (starting, running, the phases of a stop, stopped)")
                    .tags("phase", name).strongReference(true));
        }
        meters.add(Gauge.builder("litserve4j.shutdown.remaining", secondsLeft, s -> s.getAsDouble())
                .description("During a stop, the time left before the graceful deadline; NaN otherwise")
                .baseUnit("seconds").strongReference(true));
        meters.add(Gauge.builder("litserve4j.connections.open", openConnections, c -> c.getAsInt())
                .description("Open client connections").strongReference(true));
        // A function counter holds its object weakly and has no strongReference(): keep the supplier here.
        this.connectionsRefused = connectionsRefused;
        meters.add(FunctionCounter.builder("litserve4j.connections.refused", connectionsRefused, c -> c.getAsLong())
                .description("Connections refused with 503 because the connection cap was reached"));
    }

    /** The text a scrape answers, for an {@code Accept} header (null for none): OpenMetrics when asked. */
    public Scraped scrape(String accept) {
        if (scrape == null) {
            throw new IllegalStateException("this server has no Prometheus registry");
        }
        String type = accept != null && accept.contains("application/openmetrics-text") ? OPEN_METRICS : TEXT;
        return new Scraped(type, scrape.scrape(type).getBytes(StandardCharsets.UTF_8));
    }

    /** A scrape's answer. */
    public record Scraped(String contentType, byte[] body) {
    }

    /** Takes this server's meters out of the registries, and closes what it made. */
    @Override
    public void close() {
        if (meters == null) {
            return;
        }
        if (scrapes != null) {
            scrapes.shutdownNow();
        }
        meters.removeAll();
        if (userOnly != null) {
            userOnly.removeAll();
        }
        if (histogramsIn != null) {
            histograms.unregisterFrom(histogramsIn.getPrometheusRegistry());
        }
        if (jvm != null) {
            jvm.close();
            scrape.close();
        }
    }
}
