package dev.litserve4j.internal.lifecycle;

import dev.litserve4j.LitServer;
import dev.litserve4j.internal.auth.ApiKeyAuthenticator;
import dev.litserve4j.internal.auth.BearerTokenAuthenticator;
import dev.litserve4j.internal.auth.FailedAttemptLimiter;
import dev.litserve4j.internal.auth.ShutdownKey;
import dev.litserve4j.internal.config.EndpointConfig;
import dev.litserve4j.internal.config.ServerConfig;
import dev.litserve4j.internal.config.ShutdownApiConfig;
import dev.litserve4j.internal.config.TlsConfig;
import dev.litserve4j.internal.engine.CallbackDispatcher;
import dev.litserve4j.internal.engine.Endpoint;
import dev.litserve4j.internal.engine.RequestCounters;
import dev.litserve4j.internal.engine.RequestTracker;
import dev.litserve4j.internal.http.AccessLog;
import dev.litserve4j.internal.http.Connections;
import dev.litserve4j.internal.http.HttpServer;
import dev.litserve4j.internal.http.MetricsRoute;
import dev.litserve4j.internal.http.ProbeAnswer;
import dev.litserve4j.internal.http.Route;
import dev.litserve4j.internal.http.Router;
import dev.litserve4j.internal.http.Routing;
import dev.litserve4j.internal.http.ShutdownRoute;
import dev.litserve4j.internal.http.TlsContexts;
import dev.litserve4j.internal.http.WarmupTraffic;
import dev.litserve4j.internal.json.JsonCodec;
import dev.litserve4j.internal.metrics.ApiMeters;
import dev.litserve4j.internal.metrics.ServerMetrics;
import dev.litserve4j.internal.warmup.Warmup;
import dev.litserve4j.internal.warmup.WarmupTls;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's life: start the workers and wait for their setup, bind, serve; then stop in phases under
 * one deadline (refuse new connections, drain, answer what is left, tear down, stop the event loops).
 * Every transition is a compare-and-set, so start and stop are safe from any thread and stop is
 * idempotent.
 */
public final class ServerRuntime {

    // Logged under the public class: it is the server that starts and stops, as far as users can tell.
    private static final Logger log = LoggerFactory.getLogger(LitServer.class);
    private static final int MANAGEMENT_MAX_BODY = 64 * 1024;
    private static final int MANAGEMENT_MAX_CONNECTIONS = 64;

    /** STOP_REQUESTED: stop() arrived while starting; start() sees it and shuts down instead of serving. */
    private enum State { NEW, STARTING, STOP_REQUESTED, RUNNING, STOPPING, TERMINATED }

    private final LitServer owner;
    private final ServerConfig config;
    private final JsonCodec codec = new JsonCodec();
    private final CallbackDispatcher callbacks;
    private final RequestTracker tracker = new RequestTracker();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CompletableFuture<Void> termination = new CompletableFuture<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final RequestCounters counters = new RequestCounters();
    private final Connections connections;
    private final Connections managementConnections = new Connections(MANAGEMENT_MAX_CONNECTIONS);
    private volatile HttpServer http;
    private volatile AccessLog accessLog = AccessLog.off();
    private volatile ServerMetrics metrics = ServerMetrics.off();
    private volatile InetSocketAddress address;
    private volatile InetSocketAddress managementAddress;
    private volatile GracefulStop.Outcome outcome = GracefulStop.Outcome.NOT_STOPPED;
    private final StopProgress progress;
    private final DrainReport report;
    private volatile Throwable failure;
    private final WarmupTraffic warmupTraffic = new WarmupTraffic();
    private volatile Warmup warmup; // while it runs, so that a stop can end it

    public ServerRuntime(LitServer owner, ServerConfig config) {
        this.owner = owner;
        this.config = config;
        this.progress = new StopProgress(!config.probes().drainDelay().isZero(), config.gracefulTimeout().toNanos());
        this.callbacks = new CallbackDispatcher(config.callbacks());
        this.connections = new Connections(config.connectionLimits().maxConnections());
        this.report = new DrainReport(progress, tracker, endpoints, connections);
    }

    /** What happened to requests that ended without an answer. */
    public RequestCounters counters() {
        return counters;
    }

    public CallbackDispatcher callbacks() {
        return callbacks;
    }

    /** Starts workers, waits for every setup, then binds. Throws when a setup or the bind fails. */
    public void start() {
        if (!state.compareAndSet(State.NEW, State.STARTING)) {
            throw new IllegalStateException("a LitServer starts once; this one is " + state.get());
        }
        try {
            startMetrics();
            startWorkers();
            if (state.get() != State.STOP_REQUESTED) {
                if (config.warmup().enabled()) {
                    warmupTraffic.begin(); // before the port opens: no client's request gets in first
                }
                bind();
                warmUp();
            }
        } catch (RuntimeException e) {
            failure = e;
            runShutdown();
            throw e;
        }
        if (state.compareAndSet(State.STARTING, State.RUNNING)) {
            log.info("listening on {}://{}:{}", scheme(), displayHost(config.host(), false), address.getPort());
            announceShutdownApi();
        } else {
            log.info("stopped while starting");
            runShutdown(); // STOP_REQUESTED: nothing was served, so this is quick
        }
    }

    private void startMetrics() {
        metrics = ServerMetrics.start(config.metrics().registry(), config.metrics().serve());
        metrics.watchServer(StopProgress.PHASES, this::phase,
                () -> state.get() == State.STOPPING ? progress.secondsLeft(System.nanoTime()) : Double.NaN,
                connections::count, connections::refusedCount);
    }

    private void startWorkers() {
        List<CompletableFuture<Void>> setups = new ArrayList<>();
        for (EndpointConfig endpointConfig : config.endpoints()) {
            ApiMeters meters = metrics.api(endpointConfig.path());
            Endpoint endpoint = new Endpoint(endpointConfig, config.devices(), config.maxQueueSize(), codec,
                    callbacks, config.restartWorkers(), this::workerDied, counters, meters);
            meters.watch(endpoint::queued, endpoint::readyWorkers, endpoint::busyWorkers);
            endpoints.add(endpoint);
            setups.add(endpoint.start());
        }
        try {
            CompletableFuture.allOf(setups.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("One or more workers failed to start: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the workers were setting up", e);
        }
    }

    private void bind() {
        Router router = new ServerRouters(owner, config, codec, tracker, callbacks, warmupTraffic).publicRouter(endpoints, status());
        // The operator's routes go to the management listener when there is one.
        Router management = config.management() == null ? null : new Router();
        Router operator = management == null ? router : management;
        ShutdownApiConfig shutdown = config.shutdown();
        if (shutdown != null) {
            operator.add(ShutdownRoute.route(shutdown.path(), shutdownRoute(shutdown)));
        }
        if (metrics.serves()) {
            operator.add(MetricsRoute.route(config.metrics().path(), metrics, metrics.scrapes(), management == null));
        }
        ApiKeyAuthenticator apiKey = config.apiKey() == null ? null : new ApiKeyAuthenticator(config.apiKey());
        // Read and checked before anything listens: a wrong file stops the start with its name.
        SslContext tls = config.tls() == null ? null : TlsContexts.server(config.tls(), TlsConfig.Names.BUILDER);
        http = new HttpServer();
        if (config.accessLog()) {
            accessLog = AccessLog.start();
        }
        address = bind(config.host(), config.port(), true, new Routing(router, config.middlewares(), apiKey, codec,
                connections, config.connectionLimits(), config.maxPayloadSize(), counters, accessLog), tls);
        if (management != null) {
            // Its own connection cap, so that a flood of the public port cannot lock the operator out;
            // its routes read no body, so none larger than a small one is accepted. It stays open
            // through the drain, so that the metrics show the drain and a repeated shutdown is answered.
            managementAddress = bind(config.management().host(), config.management().port(), false,
                    new Routing(management, config.middlewares(), null, codec, managementConnections,
                            config.connectionLimits(), MANAGEMENT_MAX_BODY, counters), tls);
        }
    }

    private String scheme() {
        return config.tls() == null ? "http" : "https";
    }

    private InetSocketAddress bind(String host, int port, boolean closesAtDrain, Routing routing, SslContext tls) {
        try {
            return http.bind(host, port, closesAtDrain, routing, tls);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + host + ":" + port, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private ShutdownRoute shutdownRoute(ShutdownApiConfig shutdown) {
        FailedAttemptLimiter limiter = new FailedAttemptLimiter(shutdown.maxFailedAttempts(),
                shutdown.failedAttemptWindow(), ShutdownApiConfig.GLOBAL_MAX_FAILED_ATTEMPTS,
                ShutdownApiConfig.GLOBAL_FAILED_ATTEMPT_WINDOW, System::nanoTime);
        return new ShutdownRoute(new BearerTokenAuthenticator(shutdown.key()), limiter,
                (client, outcome) -> callbacks.shutdownRequested(owner, client, outcome), this::stop);
    }

    /** Tells the operator how to call the shutdown route; a key they supplied is never written out. */
    private void announceShutdownApi() {
        ShutdownApiConfig shutdown = config.shutdown();
        if (shutdown == null) {
            return;
        }
        InetSocketAddress where = config.management() != null ? managementAddress : address;
        String host = config.management() != null ? config.management().host() : config.host();
        String url = scheme() + "://" + displayHost(host, true) + ":" + where.getPort() + shutdown.path();
        if (shutdown.key() instanceof ShutdownKey.Generated) {
            String key = ((ShutdownKey.Generated) shutdown.key()).value();
            log.warn("shutdown API enabled with a generated key (set LIT_SHUTDOWN_API_KEY or LIT_SHUTDOWN_API_KEY_FILE "
                    + "to choose one); to stop the server run: curl -X POST '{}' -H 'Authorization: Bearer {}'", url, key);
        } else {
            log.info("shutdown API enabled at {} ({})", url, shutdown.key().description());
        }
    }

    /**
     * Warms the APIs that supply samples through the open listener, before the state turns RUNNING
     * (so /health and /readyz are 503 meanwhile). Bounded by the warm-up timeout; never throws.
     */
    private void warmUp() {
        try {
            if (!warmupTraffic.active()) {
                return;
            }
            Warmup run = Warmup.of(config.endpoints(), config.host(), address.getPort(), config.apiKey(), codec,
                    warmupTraffic, config.warmup(), config.tls() == null ? null : WarmupTls.trusting(config.tls().certFile()));
            if (run == null) {
                return;
            }
            warmup = run;
            if (state.get() == State.STARTING) { // else a stop came first; one that comes later cancels it
                run.run();
            }
        } catch (RuntimeException e) {
            log.warn("the warm-up failed; the server starts without it", e);
        } finally {
            warmup = null;
            warmupTraffic.end();
        }
    }

    private ServerRouters.Status status() {
        return new ServerRouters.Status(this::isHealthy, this::liveness, this::readiness, this::lifecycle);
    }

    /** True while the server takes requests and every worker of every API is ready and healthy. */
    public boolean isHealthy() {
        if (connections.isDraining() || state.get() != State.RUNNING) {
            return false;
        }
        for (Endpoint endpoint : endpoints) {
            if (!endpoint.isHealthy()) {
                return false;
            }
        }
        return true;
    }

    /** The liveness probe: passing while the process can make progress, a drain included. */
    private ProbeAnswer liveness() {
        if (failure != null) {
            return ProbeAnswer.fail("not alive", "a fatal error is stopping the server: restart it");
        }
        return state.get() == State.TERMINATED ? ProbeAnswer.fail("not alive", "stopped") : ProbeAnswer.pass("alive");
    }

    /** The readiness probe: passing only while the server should receive traffic. */
    private ProbeAnswer readiness() {
        switch (state.get()) {
            case RUNNING:
                break;
            case STOPPING:
                return ProbeAnswer.fail("not ready", progress.inDrainDelay(System.nanoTime())
                        ? "stopping: in the drain delay, still serving" : "stopping: " + progress.phase());
            case TERMINATED:
                return ProbeAnswer.fail("not ready", "stopped");
            default:
                return ProbeAnswer.fail("not ready", warmup != null ? "warming up" : "starting");
        }
        for (Endpoint endpoint : endpoints) {
            if (!endpoint.isHealthy()) {
                return ProbeAnswer.fail("not ready", "the API at " + endpoint.config().path()
                        + " is not ready: a worker is still setting up or its health() is false");
            }
        }
        return ProbeAnswer.pass("ready");
    }

    /** True until start() or stop() is called. */
    public boolean isNew() {
        return state.get() == State.NEW;
    }

    public int port() {
        InetSocketAddress bound = address;
        if (bound == null) {
            throw new IllegalStateException("the server is not listening yet: call start() first");
        }
        return bound.getPort();
    }

    /** The host for a URL; with {@code runnable}, a wildcard address becomes the loopback one. */
    private static String displayHost(String host, boolean runnable) {
        if (runnable && (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]"))) {
            return host.contains(":") ? "[::1]" : "127.0.0.1";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The management listener's port, when there is one. */
    public int managementPort() {
        InetSocketAddress bound = managementAddress;
        if (bound == null) {
            throw new IllegalStateException("the server has no management listener (managementPort not set, "
                    + "or the server is not started)");
        }
        return bound.getPort();
    }

    /**
     * True once terminated with every request answered in full, no worker lost, and every teardown
     * and {@code onServerEnd} callback done in time: false when the stop cut any answer (a 503 at the deadline, a late request's 503,
     * a stream to a slow reader).
     */
    public boolean stoppedCleanly() {
        return state.get() == State.TERMINATED && failure == null && outcome.clean();
    }

    /** Begins the graceful stop (once); the future completes when the server has terminated. */
    public CompletableFuture<Void> stop() {
        while (true) {
            State current = state.get();
            if (current == State.RUNNING && state.compareAndSet(current, State.STOPPING)) {
                new Thread(this::runShutdown, "litserve4j-shutdown").start();
            } else if (current == State.NEW && state.compareAndSet(current, State.TERMINATED)) {
                termination.complete(null);
            } else if (current == State.STARTING && !state.compareAndSet(current, State.STOP_REQUESTED)) {
                continue; // start() moved on meanwhile: look again
            } else if (current == State.RUNNING || current == State.NEW) {
                continue;
            }
            Warmup running = warmup;
            if (running != null) {
                running.cancel(); // STOP_REQUESTED: start() ends the warm-up, then shuts down
            }
            return termination.copy();
        }
    }

    /** Completes when the server has terminated; exceptionally when a worker died and took it down. */
    public CompletableFuture<Void> termination() {
        return termination.copy();
    }

    private void workerDied(Endpoint endpoint, Throwable error) {
        log.error("a worker of {} died and restartWorkers is off; shutting down", endpoint.config().path());
        failure = new IllegalStateException("a worker of " + endpoint.config().path() + " died: " + error, error);
        stop();
    }

    /** Runs the stop sequence ({@link GracefulStop}), then terminates. */
    private void runShutdown() {
        long start = System.nanoTime();
        boolean served = state.get() == State.STOPPING; // not a start that failed or was stopped
        GracefulStop.Outcome result = new GracefulStop(new GracefulStop.Parts(owner, config, endpoints, tracker,
                counters, connections, http, callbacks, progress, report)).run(served);
        outcome = result;
        accessLog.close(); // the last lines, of answers the event loops have sent
        metrics.close(); // its scrape thread too
        state.set(State.TERMINATED);
        log.info("stopped in {} ms{}", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                stoppedCleanly() ? "" : ": not cleanly (answers were cut, or teardown or onServerEnd overran)");
        Throwable cause = failure;
        IllegalStateException phaseFailure = result.phaseFailure();
        if (phaseFailure != null) {
            log.error("the shutdown did not complete every phase", phaseFailure);
            if (cause == null) {
                cause = phaseFailure;
            } else if (cause != phaseFailure) {
                cause.addSuppressed(phaseFailure);
            }
        }
        if (cause != null) {
            failure = cause;
            termination.completeExceptionally(cause);
        } else {
            termination.complete(null);
        }
    }

    /** The {@code "lifecycle"} object of {@code /info}: where the server is, and during a stop how much is left. */
    private Map<String, Object> lifecycle() {
        return report.document(phase(), state.get() == State.STOPPING);
    }

    /** Where the server is: one of {@link StopProgress#PHASES}. */
    private String phase() {
        return switch (state.get()) {
            case NEW, STARTING, STOP_REQUESTED -> StopProgress.STARTING;
            case RUNNING -> StopProgress.RUNNING;
            case STOPPING -> progress.phase();
            case TERMINATED -> StopProgress.STOPPED;
        };
    }
}
