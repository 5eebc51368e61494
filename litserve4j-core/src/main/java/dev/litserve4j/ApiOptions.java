package dev.litserve4j;

import dev.litserve4j.spec.Spec;
import java.time.Duration;

/**
 * How one {@link LitApi} is served when a server has several, or when it differs from the server's
 * defaults. Immutable: each method returns a copy. Options left unset take the server builder's value.
 *
 * <pre>{@code
 * LitServer.builder()
 *     .api(new SquareApi())                                   // POST /predict
 *     .api(new BatchedSquareApi(), ApiOptions.path("/batched")
 *             .maxBatchSize(8).batchTimeout(Duration.ofMillis(50)))
 *     .build();
 * }</pre>
 */
public final class ApiOptions {

    private static final ApiOptions DEFAULTS = new ApiOptions(null, null, null, null, null, null, null, null);

    final String path;
    final Integer maxBatchSize;
    final Duration batchTimeout;
    final Boolean stream;
    final Integer workersPerDevice;
    final Spec spec;
    final Integer maxConcurrentPerWorker;
    final Mcp mcp;

    private ApiOptions(String path, Integer maxBatchSize, Duration batchTimeout, Boolean stream,
            Integer workersPerDevice, Spec spec, Integer maxConcurrentPerWorker, Mcp mcp) {
        this.mcp = mcp;
        this.maxConcurrentPerWorker = maxConcurrentPerWorker;
        this.path = path;
        this.maxBatchSize = maxBatchSize;
        this.batchTimeout = batchTimeout;
        this.stream = stream;
        this.workersPerDevice = workersPerDevice;
        this.spec = spec;
    }

    /** No overrides: every option comes from the server builder. */
    public static ApiOptions defaults() {
        return DEFAULTS;
    }

    /** Options starting with the API's path. */
    public static ApiOptions path(String apiPath) {
        return DEFAULTS.apiPath(apiPath);
    }

    /** The path the API answers on with POST (LitServe's {@code api_path}). */
    public ApiOptions apiPath(String apiPath) {
        return new ApiOptions(apiPath, maxBatchSize, batchTimeout, stream, workersPerDevice, spec, maxConcurrentPerWorker, mcp);
    }

    /** Requests per batch; more than 1 turns batching on. */
    public ApiOptions maxBatchSize(int value) {
        return new ApiOptions(path, value, batchTimeout, stream, workersPerDevice, spec, maxConcurrentPerWorker, mcp);
    }

    /** How long a batch waits for more requests after its first one. */
    public ApiOptions batchTimeout(Duration value) {
        return new ApiOptions(path, maxBatchSize, value, stream, workersPerDevice, spec, maxConcurrentPerWorker, mcp);
    }

    /** Whether the API streams its outputs. */
    public ApiOptions stream(boolean value) {
        return new ApiOptions(path, maxBatchSize, batchTimeout, value, workersPerDevice, spec, maxConcurrentPerWorker, mcp);
    }

    /** Worker threads for this API on each device. */
    public ApiOptions workersPerDevice(int value) {
        return new ApiOptions(path, maxBatchSize, batchTimeout, stream, value, spec, maxConcurrentPerWorker, mcp);
    }

    /**
     * Serves the API with a wire protocol such as {@link dev.litserve4j.spec.OpenAiChatSpec}: on the
     * spec's path unless {@code apiPath} is set, and streaming as the spec requires.
     */
    public ApiOptions spec(Spec value) {
        return new ApiOptions(path, maxBatchSize, batchTimeout, stream, workersPerDevice, value, maxConcurrentPerWorker, mcp);
    }

    /**
     * For an API that overrides {@link LitApi#predictAsync}: how many of its calls each worker keeps
     * outstanding at once (default {@value LitServerBuilder#DEFAULT_MAX_CONCURRENT_PER_WORKER}, or the
     * builder's {@code maxConcurrentPerWorker}). A worker takes no new request while that many wait.
     */
    public ApiOptions maxConcurrentPerWorker(int value) {
        return new ApiOptions(path, maxBatchSize, batchTimeout, stream, workersPerDevice, spec, value, mcp);
    }

    /**
     * Serves the API as an MCP tool too, at {@code /mcp} (see {@link Mcp}); the API keeps its own path.
     * Not for a streaming API nor one with a spec.
     */
    public ApiOptions mcp(Mcp value) {
        return new ApiOptions(path, maxBatchSize, batchTimeout, stream, workersPerDevice, spec, maxConcurrentPerWorker,
                java.util.Objects.requireNonNull(value, "mcp"));
    }
}
