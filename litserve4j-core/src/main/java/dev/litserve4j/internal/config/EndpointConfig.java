package dev.litserve4j.internal.config;

import dev.litserve4j.LitApi;
import dev.litserve4j.spec.Spec;
import java.time.Duration;

/**
 * How one API is served: validated, immutable.
 *
 * @param async whether it is served through {@code predictAsync}, each worker keeping up to
 *     {@code maxConcurrentPerWorker} calls outstanding
 * @param mcp the MCP tool the API is also served as, or null
 */
public record EndpointConfig(
        LitApi<?, ?> api,
        String path,
        int maxBatchSize,
        Duration batchTimeout,
        boolean stream,
        int workersPerDevice,
        Spec spec,
        boolean async,
        int maxConcurrentPerWorker,
        McpToolConfig mcp) {

    public boolean batched() {
        return maxBatchSize > 1;
    }

    public String apiName() {
        return api.getClass().getSimpleName().isEmpty() ? api.getClass().getName() : api.getClass().getSimpleName();
    }
}
