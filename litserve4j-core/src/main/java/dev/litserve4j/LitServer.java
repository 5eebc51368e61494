package dev.litserve4j;

import dev.litserve4j.internal.config.EndpointConfig;
import dev.litserve4j.internal.config.ManagementListener;
import dev.litserve4j.internal.config.ServerConfig;
import dev.litserve4j.internal.config.ShutdownApiConfig;
import dev.litserve4j.internal.lifecycle.ServerRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Serves one or more {@link LitApi}s over HTTP: worker threads per API, dynamic batching, health and
 * info routes, and a graceful stop.
 *
 * <pre>{@code
 * try (LitServer server = LitServer.builder()
 *         .api(new SquareApi())
 *         .workersPerDevice(2)
 *         .port(8000)
 *         .build()) {
 *     server.run(); // blocks until stop(), close(), Ctrl-C or SIGTERM
 * }
 * }</pre>
 *
 * <p>A server runs once. {@link #start()} returns when every worker finished setup and the port is
 * open; {@link #stop()} and {@link #close()} are idempotent and safe from any thread.
 */
public final class LitServer implements AutoCloseable {

    private final ServerConfig config;
    private final ServerRuntime runtime;

    LitServer(ServerConfig config) {
        this.config = config;
        this.runtime = new ServerRuntime(this, config);
        for (EndpointConfig endpoint : config.endpoints()) {
            runtime.callbacks().serverStart(this); // LitServe fires it once per API, at construction
        }
    }

    /** A builder with LitServe's defaults; {@code LIT_SERVER_API_KEY} is read here when set. */
    public static LitServerBuilder builder() {
        return new LitServerBuilder();
    }

    /**
     * Starts the workers, waits until every one finished {@code setup}, then opens the port.
     *
     * @throws IllegalStateException when a setup fails, the port cannot be bound, or the server was
     *     already started
     */
    public LitServer start() {
        runtime.start();
        return this;
    }

    /**
     * Starts the server if needed and blocks until it has stopped. Ctrl-C and SIGTERM stop it
     * gracefully (a JVM shutdown hook is registered while it runs).
     *
     * @throws IllegalStateException when the server stopped because a worker died
     */
    public void run() {
        if (runtime.isNew()) {
            start();
        }
        Thread hook = new Thread(() -> stop().exceptionally(e -> null).join(), "litserve4j-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            runtime.termination().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
                    : new IllegalStateException(e.getCause());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: nothing to remove
            }
        }
    }

    /**
     * Begins a graceful stop and returns at once: health turns 503, the port closes, queued and
     * in-flight requests finish (until the graceful timeout), workers tear down. The future completes
     * when the server has terminated.
     */
    public CompletableFuture<Void> stop() {
        return runtime.stop();
    }

    /** Stops gracefully and waits until the server has terminated. */
    @Override
    public void close() {
        try {
            stop().get();
        } catch (ExecutionException e) {
            // a worker death already stopped the server; close() only promises that it is stopped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code timeout} for the server to terminate; true when it has. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        try {
            runtime.termination().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** The bound port: the real one when the server was built with port 0. */
    public int port() {
        return runtime.port();
    }

    /** The management listener's port (when {@code managementPort} was set; the real one for 0). */
    public int managementPort() {
        return runtime.managementPort();
    }

    /**
     * True once the server has terminated with every request answered in full and no worker lost:
     * false when the stop cut any answer (a 503 at the graceful deadline, a late request's 503, a
     * stream to a reader that stopped reading) or a teardown or an {@code onServerEnd} callback
     * overran the deadline. The launcher's exit code.
     */
    public boolean stoppedCleanly() {
        return runtime.stoppedCleanly();
    }

    /** What happened to requests that ended without an answer; for this package's tests. */
    dev.litserve4j.internal.engine.RequestCounters counters() {
        return runtime.counters();
    }

    /** The host the server binds. */
    public String host() {
        return config.host();
    }

    /** The paths the APIs answer on, in the order they were added. */
    public List<String> apiPaths() {
        return config.endpoints().stream().map(EndpointConfig::path).toList();
    }

    // What the server was built with, for tools that describe it (a container image, a Kubernetes
    // Deployment) and must not drift from it. Known before start().

    /** The port the server was built with: 0 when it picks a free one at start (then {@link #port()} tells). */
    public int configuredPort() {
        return config.port();
    }

    /**
     * The management listener's port as built (0: a free one at start), empty when the server has
     * none and serves the shutdown route and the metrics on its public port.
     */
    public OptionalInt configuredManagementPort() {
        return config.management() == null ? OptionalInt.empty() : OptionalInt.of(config.management().port());
    }

    /** The management listener's address to bind, empty when the server has none. */
    public Optional<String> managementHost() {
        return Optional.ofNullable(config.management()).map(ManagementListener::host);
    }

    /** The one deadline of a graceful stop, counted from its first moment; the drain delay comes out of it. */
    public Duration gracefulTimeout() {
        return config.gracefulTimeout();
    }

    /** How long a stopping server keeps serving, with readiness 503, before it drains (zero for none). */
    public Duration drainDelay() {
        return config.probes().drainDelay();
    }

    /** {@code https} when the server serves TLS ({@link LitServerBuilder#tls}), else {@code http}. */
    public String scheme() {
        return config.tls() == null ? "http" : "https";
    }

    /** LitServe's health check ({@code /health} unless set); on the public port, behind {@code X-API-Key}. */
    public String healthcheckPath() {
        return config.healthcheckPath();
    }

    /** The liveness probe ({@code /livez} unless set); always on the public port, never behind a key. */
    public String livenessPath() {
        return config.probes().livenessPath();
    }

    /** The readiness probe ({@code /readyz} unless set); always on the public port, never behind a key. */
    public String readinessPath() {
        return config.probes().readinessPath();
    }

    /** True when {@code POST} on {@link #shutdownPath()} stops the server for a caller with the shutdown key. */
    public boolean shutdownApiEnabled() {
        return config.shutdown() != null;
    }

    /**
     * The shutdown route's path, empty when the shutdown API is off. It is on the management listener
     * when the server has one, else on the public port.
     */
    public Optional<String> shutdownPath() {
        return Optional.ofNullable(config.shutdown()).map(ShutdownApiConfig::path);
    }

    /**
     * The Prometheus metrics' path, empty when they are not served. On the management listener when
     * the server has one, else on the public port.
     */
    public Optional<String> metricsPath() {
        return config.metrics().serve() ? Optional.of(config.metrics().path()) : Optional.empty();
    }
}
