package dev.litserve4j.internal.config;

import dev.litserve4j.internal.auth.ShutdownKey;
import java.time.Duration;

/**
 * The shutdown API, when enabled.
 *
 * @param managementHost with {@code managementPort}, the listener that alone serves the route
 * @param managementPort null when the route is served on the public listener
 */
public record ShutdownApiConfig(
        String path,
        ShutdownKey key,
        int maxFailedAttempts,
        Duration failedAttemptWindow,
        String managementHost,
        Integer managementPort) {

    public boolean hasManagementListener() {
        return managementPort != null;
    }
}
