package dev.litserve4j.internal.config;

import dev.litserve4j.internal.auth.ShutdownKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;

/** The shutdown API, when enabled (on the management listener when the server has one). */
public record ShutdownApiConfig(
        String path,
        ShutdownKey key,
        int maxFailedAttempts,
        Duration failedAttemptWindow) {

    /**
     * Failed attempts from all clients together, inside {@link #GLOBAL_FAILED_ATTEMPT_WINDOW}, after
     * which every client is refused: the per-client limit alone is beaten by rotating addresses.
     */
    public static final int GLOBAL_MAX_FAILED_ATTEMPTS = 100;
    public static final Duration GLOBAL_FAILED_ATTEMPT_WINDOW = Duration.ofSeconds(60);

    /**
     * Validates the shutdown API's options and finds its key: the builder's key, the builder's key
     * file, {@code LIT_SHUTDOWN_API_KEY}, {@code LIT_SHUTDOWN_API_KEY_FILE}, else a random one.
     */
    public static ShutdownApiConfig resolve(String path, String key, Path keyFile, Map<String, String> env,
            int maxFailures, Duration window) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("shutdownRateLimit maxFailures must be >= 1, got " + maxFailures);
        }
        if (window == null || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("shutdownRateLimit window must be positive, got " + window);
        }
        return new ShutdownApiConfig(path, key(key, keyFile, env), maxFailures, window);
    }

    private static ShutdownKey key(String key, Path keyFile, Map<String, String> env) {
        if (key != null) {
            return ShutdownKey.fixed(key, "shutdownApiKey(...)");
        }
        if (keyFile != null) {
            return ShutdownKey.file(keyFile);
        }
        // A key pasted with its line end (e.g. from $(cat file)) could never match: drop it.
        String envKey = env.get("LIT_SHUTDOWN_API_KEY");
        if (envKey != null) {
            envKey = envKey.replaceAll("\\r?\\n$", "");
        }
        if (envKey != null && !envKey.isEmpty()) {
            return ShutdownKey.fixed(envKey, "LIT_SHUTDOWN_API_KEY");
        }
        String envFile = env.get("LIT_SHUTDOWN_API_KEY_FILE");
        if (envFile != null && !envFile.isEmpty()) {
            return ShutdownKey.file(Path.of(envFile));
        }
        return ShutdownKey.generate(new SecureRandom());
    }
}
