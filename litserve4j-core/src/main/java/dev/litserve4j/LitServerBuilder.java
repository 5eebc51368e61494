package dev.litserve4j;

import dev.litserve4j.internal.config.ConnectionLimits;
import dev.litserve4j.internal.config.CpuDevices;
import dev.litserve4j.internal.config.EndpointConfig;
import dev.litserve4j.internal.config.McpToolConfig;
import dev.litserve4j.internal.config.PayloadSize;
import dev.litserve4j.internal.config.ManagementListener;
import dev.litserve4j.internal.config.MetricsConfig;
import dev.litserve4j.internal.config.ProbeConfig;
import dev.litserve4j.internal.config.RoutePaths;
import dev.litserve4j.internal.config.ServerConfig;
import dev.litserve4j.internal.config.ShutdownApiConfig;
import dev.litserve4j.internal.config.TlsConfig;
import dev.litserve4j.internal.config.WarmupConfig;
import dev.litserve4j.internal.engine.ApiTypes;
import dev.litserve4j.internal.json.JsonCodec;
import io.micrometer.core.instrument.MeterRegistry;
import dev.litserve4j.internal.openapi.DocsRoutes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link LitServer}. Options mirror LitServe's, Java-cased; {@link #build()} validates them
 * together and names the option, the bad value and what to do. Options that describe how an API is
 * served ({@code apiPath}, {@code maxBatchSize}, {@code batchTimeout}, {@code stream},
 * {@code workersPerDevice}) are defaults for every API; {@link ApiOptions} overrides them per API.
 */
public final class LitServerBuilder {

    /** Outstanding {@code predictAsync} calls per worker unless set: hundreds of slow remote calls, a bounded number. */
    public static final int DEFAULT_MAX_CONCURRENT_PER_WORKER = 256;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final List<Map.Entry<LitApi<?, ?>, ApiOptions>> apis = new ArrayList<>();
    private String apiPath = "/predict";
    private int maxBatchSize = 1;
    private Duration batchTimeout = Duration.ZERO;
    private boolean stream;
    private Mcp mcp;
    private int workersPerDevice = 1;
    private int maxConcurrentPerWorker = DEFAULT_MAX_CONCURRENT_PER_WORKER;
    private String accelerator = "auto";
    private String devices = "auto";
    private Duration timeout = DEFAULT_TIMEOUT;
    private String healthcheckPath = "/health";
    private String infoPath = "/info";
    private String livenessPath = ProbeConfig.DEFAULT_LIVENESS_PATH;
    private String readinessPath = ProbeConfig.DEFAULT_READINESS_PATH;
    private Duration drainDelay = Duration.ZERO;
    private boolean accessLog;
    private boolean metrics = true;
    private String metricsPath = MetricsConfig.DEFAULT_PATH;
    private MeterRegistry meterRegistry;
    private boolean docs = true;
    private Object modelMetadata;
    private Object maxPayloadSize;
    private boolean trackRequests;
    private final List<Callback> callbacks = new ArrayList<>();
    private final List<Middleware> middlewares = new ArrayList<>();
    private boolean restartWorkers;
    private String host = "0.0.0.0";
    private int port = 8000;
    private String apiKey;
    private int maxQueueSize = 1024;
    private Duration gracefulTimeout = Duration.ofSeconds(30);
    private Map<String, String> environment = System.getenv();
    private boolean enableShutdownApi;
    private String shutdownPath = "/shutdown";
    private String shutdownApiKey;
    private Path shutdownApiKeyFile;
    private int maxFailedShutdownAttempts = 5;
    private Duration failedShutdownAttemptWindow = Duration.ofSeconds(60);
    private String managementHost = "127.0.0.1";
    private Integer managementPort;
    private Duration headTimeout = ConnectionLimits.DEFAULT_HEAD_TIMEOUT;
    private Duration bodyIdleTimeout = ConnectionLimits.DEFAULT_BODY_IDLE_TIMEOUT;
    private Duration idleTimeout = ConnectionLimits.DEFAULT_IDLE_TIMEOUT;
    private Duration streamStallTimeout = ConnectionLimits.DEFAULT_STREAM_STALL_TIMEOUT;
    private int maxConnections = ConnectionLimits.DEFAULT_MAX_CONNECTIONS;
    private long maxBodyReadRate = ConnectionLimits.DEFAULT_MAX_BODY_READ_RATE;
    private long maxBufferedBodyBytes = -1; // chosen from the payload limit
    private int warmupRequests = WarmupConfig.DEFAULT_REQUESTS;
    private Duration warmupTimeout = WarmupConfig.DEFAULT_TIMEOUT;
    private TlsConfig tls;

    LitServerBuilder() {
    }

    /** Serves {@code api} with the builder's defaults. */
    public LitServerBuilder api(LitApi<?, ?> api) {
        return api(api, ApiOptions.defaults());
    }

    /** Serves {@code api} with its own options; unset options take the builder's values. */
    public LitServerBuilder api(LitApi<?, ?> api, ApiOptions options) {
        apis.add(Map.entry(Objects.requireNonNull(api, "api"), Objects.requireNonNull(options, "options")));
        return this;
    }

    /** The default path APIs answer on with POST; {@code /predict} unless set. */
    public LitServerBuilder apiPath(String value) {
        this.apiPath = value;
        return this;
    }

    /** Requests per batch (default 1: no batching). */
    public LitServerBuilder maxBatchSize(int value) {
        this.maxBatchSize = value;
        return this;
    }

    /** How long a batch waits for more requests after its first (default 0: take what is queued). */
    public LitServerBuilder batchTimeout(Duration value) {
        this.batchTimeout = value;
        return this;
    }

    /** Whether APIs stream their outputs (default false). */
    public LitServerBuilder stream(boolean value) {
        this.stream = value;
        return this;
    }

    /**
     * Serves every API that can be one (no stream, no spec) as an MCP tool too, unless its {@link ApiOptions}
     * give their own; what the launcher's {@code --mcp} sets. Default: none.
     */
    public LitServerBuilder mcp(Mcp value) {
        this.mcp = value;
        return this;
    }

    /** Worker threads per API on each device (default 1). */
    public LitServerBuilder workersPerDevice(int value) {
        this.workersPerDevice = value;
        return this;
    }

    /**
     * For APIs that override {@link LitApi#predictAsync}: calls each worker keeps outstanding at once
     * (default {@value #DEFAULT_MAX_CONCURRENT_PER_WORKER}); {@link ApiOptions} overrides it per API.
     */
    public LitServerBuilder maxConcurrentPerWorker(int value) {
        this.maxConcurrentPerWorker = value;
        return this;
    }

    /** {@code auto} (default) or {@code cpu}; GPU accelerators are not supported yet. */
    public LitServerBuilder accelerator(String value) {
        this.accelerator = value;
        return this;
    }

    /** {@code auto} (default) or a device count; a CPU server has exactly one device. */
    public LitServerBuilder devices(String value) {
        this.devices = value;
        return this;
    }

    /** A device count; a CPU server has exactly one device. */
    public LitServerBuilder devices(int value) {
        this.devices = Integer.toString(value);
        return this;
    }

    /** The longest a client waits for its answer, queueing included; 504 after it (default 30 s). */
    public LitServerBuilder timeout(Duration value) {
        this.timeout = Objects.requireNonNull(value, "timeout: use disableTimeout() for no limit");
        return this;
    }

    /** Lets requests wait for as long as they take (LitServe's {@code timeout=False}). */
    public LitServerBuilder disableTimeout() {
        this.timeout = null;
        return this;
    }

    public LitServerBuilder healthcheckPath(String value) {
        this.healthcheckPath = value;
        return this;
    }

    /** The liveness probe (default {@code /livez}): 200 while the process can make progress, drain included. */
    public LitServerBuilder livenessPath(String value) {
        this.livenessPath = value;
        return this;
    }

    /** The readiness probe (default {@code /readyz}): 200 only while the server should receive traffic. */
    public LitServerBuilder readinessPath(String value) {
        this.readinessPath = value;
        return this;
    }

    /**
     * How long a stopping server keeps accepting and serving, with {@code /readyz} and the health
     * check answering 503, before the graceful drain begins (default 0): the time a load balancer or
     * Kubernetes needs to take the replica out of rotation. It comes out of the graceful timeout.
     */
    public LitServerBuilder drainDelay(Duration value) {
        this.drainDelay = value;
        return this;
    }

    /**
     * Writes one line per finished request (time, client address, method, path, status, body bytes
     * sent, duration, request id) to the SLF4J logger {@code litserve4j.access}, from a thread of its
     * own, never the event loop (default off).
     */
    public LitServerBuilder accessLog(boolean value) {
        this.accessLog = value;
        return this;
    }

    /**
     * Serves the server's meters in Prometheus' text format at {@link #metricsPath} (default on): per
     * API requests by status, latency histograms, queue depth, workers, rejections by cause; the
     * lifecycle phase and drain progress; the JVM and process meters. On the management listener when
     * {@link #managementPort} is set, else on the public one (behind {@code X-API-Key} when the server
     * has a key).
     */
    public LitServerBuilder metrics(boolean value) {
        this.metrics = value;
        return this;
    }

    /** Where the metrics are served (default {@code /metrics}). */
    public LitServerBuilder metricsPath(String value) {
        this.metricsPath = value;
        return this;
    }

    /**
     * A Micrometer registry of the application's that receives the server's counters and gauges as
     * well, and the count and total time of each histogram (the JVM meters stay the application's to
     * bind). A {@code PrometheusMeterRegistry} given here gets the histograms whole and is the one
     * {@code /metrics} writes out. The server's meters are removed from it when the server stops.
     */
    public LitServerBuilder meterRegistry(MeterRegistry value) {
        this.meterRegistry = value;
        return this;
    }

    /**
     * Serves the OpenAPI 3.1 document at {@code /openapi.json} and Swagger UI at {@code /docs}
     * (default true; LitServe's {@code disable_openapi_url} is {@code docs(false)}). While on, no
     * other route may use those paths.
     */
    public LitServerBuilder docs(boolean value) {
        this.docs = value;
        return this;
    }

    public LitServerBuilder infoPath(String value) {
        this.infoPath = value;
        return this;
    }

    /** Shown under {@code "model"} in {@code /info}; must be JSON-writable. */
    public LitServerBuilder modelMetadata(Object value) {
        this.modelMetadata = value;
        return this;
    }

    /**
     * The largest request body in bytes, chunked bodies included; larger ones get 413 before they are
     * read (default 16 MiB).
     */
    public LitServerBuilder maxPayloadSize(long bytes) {
        this.maxPayloadSize = bytes;
        return this;
    }

    /**
     * The largest request body as a size such as {@code "10MB"} (binary units: 1MB = 1024 KB), or
     * {@code "none"} for no limit (default 16 MiB).
     */
    public LitServerBuilder maxPayloadSize(String size) {
        this.maxPayloadSize = size;
        return this;
    }

    /**
     * Before reporting ready, sends each API that supplies {@link LitApi#sampleRequests()} this many
     * requests of its own over loopback, so that the JIT has compiled the request path before the
     * first client arrives; {@code /readyz} says 503 "warming up" meanwhile, the API routes refuse
     * other clients with 503, and the warm-up is counted in no metric or access log. 0 turns it off.
     */
    public LitServerBuilder warmupRequests(int value) {
        this.warmupRequests = value;
        return this;
    }

    /** The longest the warm-up may take; past it the server goes ready anyway (default 10 s). */
    public LitServerBuilder warmupTimeout(Duration value) {
        this.warmupTimeout = value;
        return this;
    }

    /**
     * Serves HTTPS from these PEM files (uvicorn's {@code --ssl-certfile}, {@code --ssl-keyfile}), on the
     * public and the management port: HTTP/2 to clients that choose it by ALPN, HTTP/1.1 to the others.
     * The files are read and checked at {@link LitServer#start()}, which fails naming a bad one.
     */
    public LitServerBuilder tls(Path certFile, Path keyFile) {
        return tls(certFile, keyFile, null);
    }

    /** As {@link #tls(Path, Path)}, with the password of an encrypted key file. */
    public LitServerBuilder tls(Path certFile, Path keyFile, String keyPassword) {
        this.tls = TlsConfig.of(certFile, keyFile, keyPassword, TlsConfig.Names.BUILDER);
        return this;
    }

    /** Counts active requests and hands the count to {@link Callback#onRequest}. */
    public LitServerBuilder trackRequests(boolean value) {
        this.trackRequests = value;
        return this;
    }

    public LitServerBuilder callbacks(Callback... values) {
        for (Callback callback : values) {
            callbacks.add(Objects.requireNonNull(callback, "callback"));
        }
        return this;
    }

    public LitServerBuilder middlewares(Middleware... values) {
        for (Middleware middleware : values) {
            middlewares.add(Objects.requireNonNull(middleware, "middleware"));
        }
        return this;
    }

    /** Replaces a worker that died of an {@link Error} instead of stopping the server (default false). */
    public LitServerBuilder restartWorkers(boolean value) {
        this.restartWorkers = value;
        return this;
    }

    /** The address to bind (default {@code 0.0.0.0}). */
    public LitServerBuilder host(String value) {
        this.host = value;
        return this;
    }

    /** The port to bind (default 8000; 0 picks a free port, see {@link LitServer#port()}). */
    public LitServerBuilder port(int value) {
        this.port = value;
        return this;
    }

    /**
     * The value clients must send in {@code X-API-Key}; when not set here, {@code LIT_SERVER_API_KEY}
     * from the environment, if any.
     */
    public LitServerBuilder apiKey(String value) {
        this.apiKey = emptyToNull(value);
        return this;
    }

    /**
     * The environment variables {@code build()} reads ({@code LIT_SERVER_API_KEY},
     * {@code LIT_SHUTDOWN_API_KEY}, {@code LIT_SHUTDOWN_API_KEY_FILE}); the process environment
     * unless replaced, e.g. by an empty map to ignore it.
     */
    public LitServerBuilder environment(Map<String, String> value) {
        this.environment = Map.copyOf(value);
        return this;
    }

    /**
     * Serves {@code POST <shutdownPath>}, which stops the server gracefully for a caller with the
     * shutdown key (default off: the route does not exist).
     */
    public LitServerBuilder enableShutdownApi(boolean value) {
        this.enableShutdownApi = value;
        return this;
    }

    /** The shutdown route's path (default {@code /shutdown}). */
    public LitServerBuilder shutdownPath(String value) {
        this.shutdownPath = value;
        return this;
    }

    /**
     * The shutdown key. Without it: {@code LIT_SHUTDOWN_API_KEY}, then the file named by
     * {@code LIT_SHUTDOWN_API_KEY_FILE}, else a random key the server prints once at start.
     */
    public LitServerBuilder shutdownApiKey(String value) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException("shutdownApiKey must not be blank: pass a secret, or null to use "
                    + "LIT_SHUTDOWN_API_KEY, LIT_SHUTDOWN_API_KEY_FILE or a generated key");
        }
        this.shutdownApiKey = value;
        return this;
    }

    /** A file holding the shutdown key, read again whenever it changes, so that replacing it rotates the key. */
    public LitServerBuilder shutdownApiKeyFile(Path value) {
        this.shutdownApiKeyFile = value;
        return this;
    }

    /**
     * After {@code maxFailures} failed shutdown attempts from one address within {@code window}, the
     * address gets 429 until the window has passed (default 5 in 60 s).
     */
    public LitServerBuilder shutdownRateLimit(int maxFailures, Duration window) {
        this.maxFailedShutdownAttempts = maxFailures;
        this.failedShutdownAttemptWindow = window;
        return this;
    }

    /** Serves the shutdown route only on this port, never on the public one (0 picks a free port). */
    public LitServerBuilder managementPort(int value) {
        this.managementPort = value;
        return this;
    }

    /** The address of the management listener (default {@code 127.0.0.1}: local callers only). */
    public LitServerBuilder managementHost(String value) {
        this.managementHost = value;
        return this;
    }

    /** Requests each API may hold waiting for a worker; beyond it clients get 503 (default 1024). */
    public LitServerBuilder maxQueueSize(int value) {
        this.maxQueueSize = value;
        return this;
    }

    /**
     * How long a client may take to send a request head, from the connection's start or its first
     * byte after an answer; then 408 and close (default 10 s).
     */
    public LitServerBuilder headTimeout(Duration value) {
        this.headTimeout = value;
        return this;
    }

    /** How long a request body may go without a byte arriving; then 408 and close (default 30 s). */
    public LitServerBuilder bodyIdleTimeout(Duration value) {
        this.bodyIdleTimeout = value;
        return this;
    }

    /** How long an idle keep-alive connection is kept open between requests (default 60 s). */
    public LitServerBuilder idleTimeout(Duration value) {
        this.idleTimeout = value;
        return this;
    }

    /**
     * How long, in all, a stream may wait for a client that does not read, before it is cut and its
     * worker freed (default 30 s).
     */
    public LitServerBuilder streamStallTimeout(Duration value) {
        this.streamStallTimeout = value;
        return this;
    }

    /** Open connections at most; beyond it a new connection gets 503 and is closed (default 10,000). */
    public LitServerBuilder maxConnections(int value) {
        this.maxConnections = value;
        return this;
    }

    /**
     * Bytes a second the server reads of request bodies beyond the first 64 KiB of each, all
     * connections together (default 128 MiB/s; 0 for no limit). Small requests are never slowed;
     * a few clients pushing large or endless bodies share this rate instead of the server's cores.
     */
    public LitServerBuilder maxBodyReadRate(long bytesPerSecond) {
        this.maxBodyReadRate = bytesPerSecond;
        return this;
    }

    /**
     * Bytes of request bodies the server holds while they are being read, beyond the first 64 KiB of
     * each, all connections together (default 32 MiB or the payload limit, whichever is larger; 0 for
     * no limit). A body that would pass it is answered 503 with {@code Retry-After} and its connection
     * closed, so a few clients sending large or endless bodies at once cannot grow the server's memory.
     */
    public LitServerBuilder maxBufferedBodyBytes(long bytes) {
        this.maxBufferedBodyBytes = bytes;
        return this;
    }

    /** The one deadline for a graceful stop, teardown included (default 30 s). */
    public LitServerBuilder gracefulTimeout(Duration value) {
        this.gracefulTimeout = value;
        return this;
    }

    /**
     * Validates the options and builds the server (not started).
     *
     * @throws IllegalArgumentException naming the option, the bad value and what to do
     */
    public LitServer build() {
        if (apis.isEmpty()) {
            throw new IllegalArgumentException("no LitApi to serve: add one with api(new MyApi())");
        }
        List<EndpointConfig> endpoints = endpoints();
        if (gracefulTimeout == null || gracefulTimeout.isNegative()) {
            throw new IllegalArgumentException("gracefulTimeout must be zero or positive, got " + gracefulTimeout);
        }
        ProbeConfig probes = new ProbeConfig(livenessPath, readinessPath, drainDelay, gracefulTimeout);
        RoutePaths.check(healthcheckPath, infoPath, probes, endpoints, enableShutdownApi ? shutdownPath : null,
                metrics ? metricsPath : null, managementPort != null,
                McpToolConfig.withMcpPath(endpoints, docs ? DocsRoutes.paths() : Map.of()));
        ManagementListener management = ManagementListener.of(managementHost, managementPort, port);
        if (management != null && !enableShutdownApi && !metrics) {
            throw new IllegalArgumentException("managementPort is set but nothing is served there: the shutdown API "
                    + "and the metrics are off; enableShutdownApi(true), metrics(true), or drop managementPort");
        }
        List<Device> deviceList = CpuDevices.resolve(accelerator, devices);
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout
                    + "; use disableTimeout() to let requests wait without limit");
        }
        for (EndpointConfig e : endpoints) {
            if (timeout != null && e.batchTimeout().compareTo(timeout) >= 0) {
                throw new IllegalArgumentException("batchTimeout of " + e.path() + " (" + e.batchTimeout()
                        + ") must be less than timeout (" + timeout + "): lower batchTimeout or raise timeout");
            }
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be from 0 to 65535 (0 picks a free port), got " + port);
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be an address to bind such as 0.0.0.0 or 127.0.0.1, got \""
                    + host + "\"");
        }
        if (maxQueueSize < 1) {
            throw new IllegalArgumentException("maxQueueSize must be >= 1, got " + maxQueueSize);
        }
        checkMetadata();
        long payloadLimit = PayloadSize.bytes(maxPayloadSize);
        ConnectionLimits limits = new ConnectionLimits(headTimeout, bodyIdleTimeout, idleTimeout, streamStallTimeout,
                maxConnections, maxBodyReadRate, bufferedBodyBytes(payloadLimit));
        String serverKey = apiKey != null ? apiKey : emptyToNull(environment.get("LIT_SERVER_API_KEY"));
        ShutdownApiConfig shutdown = enableShutdownApi
                ? ShutdownApiConfig.resolve(shutdownPath, shutdownApiKey, shutdownApiKeyFile, environment,
                        maxFailedShutdownAttempts, failedShutdownAttemptWindow)
                : null;
        ServerConfig config = new ServerConfig(host, port, endpoints, deviceList, timeout, timeoutAsGiven(),
                healthcheckPath, infoPath, modelMetadata, payloadLimit, PayloadSize.shown(maxPayloadSize),
                trackRequests, List.copyOf(callbacks), List.copyOf(middlewares), restartWorkers, serverKey, maxQueueSize,
                gracefulTimeout, shutdown, limits, probes, accessLog, new MetricsConfig(metrics, metricsPath, meterRegistry),
                management, docs, new WarmupConfig(warmupRequests, warmupTimeout), tls);
        return new LitServer(config);
    }

    private long bufferedBodyBytes(long payloadLimit) {
        if (maxBufferedBodyBytes < 0) {
            return payloadLimit < 0 ? 0 : Math.max(ConnectionLimits.DEFAULT_MAX_BUFFERED_BODY_BYTES, payloadLimit);
        }
        if (maxBufferedBodyBytes > 0 && (payloadLimit < 0 || payloadLimit - (64 << 10) > maxBufferedBodyBytes)) {
            throw new IllegalArgumentException("maxBufferedBodyBytes (" + maxBufferedBodyBytes
                    + ") is smaller than the payload limit (" + (payloadLimit < 0 ? "none" : payloadLimit)
                    + "): a body of the largest allowed size could never be read; raise it or set 0 for no limit");
        }
        return maxBufferedBodyBytes;
    }

    private List<EndpointConfig> endpoints() {
        List<EndpointConfig> endpoints = new ArrayList<>();
        for (Map.Entry<LitApi<?, ?>, ApiOptions> entry : apis) {
            ApiOptions o = entry.getValue();
            if (o.spec == null && entry.getKey().spec() != null) {
                o = o.spec(entry.getKey().spec());
            }
            EndpointConfig e = new EndpointConfig(entry.getKey(),
                    o.path != null ? o.path : o.spec != null ? o.spec.defaultPath() : apiPath,
                    o.maxBatchSize != null ? o.maxBatchSize : maxBatchSize,
                    o.batchTimeout != null ? o.batchTimeout : batchTimeout,
                    o.spec != null ? o.spec.streams() : o.stream != null ? o.stream : stream,
                    o.workersPerDevice != null ? o.workersPerDevice : workersPerDevice,
                    o.spec, ApiTypes.predictsAsync(entry.getKey()),
                    o.maxConcurrentPerWorker != null ? o.maxConcurrentPerWorker : maxConcurrentPerWorker, null);
            e = McpToolConfig.attach(e, o.mcp, mcp);
            if (o.spec != null && o.path != null && !o.path.equals(o.spec.defaultPath())) {
                org.slf4j.LoggerFactory.getLogger(LitServer.class).warn("{} is served on {} rather than {}, the path "
                        + "OpenAI clients call", e.apiName(), o.path, o.spec.defaultPath());
            }
            RoutePaths.checkPath("apiPath", e.path(), "'/predict', '/classify', or '/v1/predict'");
            if (e.maxBatchSize() < 1) {
                throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + e.maxBatchSize()
                        + " (for " + e.apiName() + ")");
            }
            if (e.batchTimeout() == null || e.batchTimeout().isNegative()) {
                throw new IllegalArgumentException("batchTimeout must be >= 0, got " + e.batchTimeout()
                        + " (for " + e.apiName() + ")");
            }
            if (e.workersPerDevice() < 1) {
                throw new IllegalArgumentException("workersPerDevice must be >= 1, got " + e.workersPerDevice()
                        + " (for " + e.apiName() + ")");
            }
            checkAsync(e);
            endpoints.add(e);
        }
        McpToolConfig.check(endpoints, mcp);
        return endpoints;
    }

    private static void checkAsync(EndpointConfig e) {
        if (e.maxConcurrentPerWorker() < 1) {
            throw new IllegalArgumentException("maxConcurrentPerWorker must be >= 1, got " + e.maxConcurrentPerWorker()
                    + " (for " + e.apiName() + ")");
        }
        if (e.async() && (e.batched() || e.stream())) {
            throw new IllegalArgumentException(e.apiName() + " overrides predictAsync, which serves one request at a "
                    + "time without streaming: remove maxBatchSize > 1 and stream, or predict synchronously");
        }
    }

    private Object timeoutAsGiven() {
        if (timeout == null) {
            return false;
        }
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? (Object) (millis / 1000) : (Object) (millis / 1000.0);
    }

    private void checkMetadata() {
        try {
            new JsonCodec().write(modelMetadata);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("modelMetadata must be JSON serializable: " + e.getMessage(), e);
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
