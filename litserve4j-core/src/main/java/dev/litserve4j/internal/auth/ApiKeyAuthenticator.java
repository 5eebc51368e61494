package dev.litserve4j.internal.auth;

import dev.litserve4j.HttpError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * Checks the {@code X-API-Key} header against the server's key. Both sides are hashed before the
 * constant-time comparison, so neither the key's bytes nor its length leak through timing.
 */
public final class ApiKeyAuthenticator {

    public static final String HEADER = "X-API-Key";

    private final byte[] expectedDigest;

    public ApiKeyAuthenticator(String apiKey) {
        this.expectedDigest = sha256(apiKey);
    }

    /**
     * Returns normally when {@code presented} is the key.
     *
     * @throws HttpError 401 for a missing or wrong key
     */
    public void check(String presented) {
        if (presented == null || presented.isEmpty()) {
            throw new HttpError(401, "Not authenticated", Map.of("WWW-Authenticate", "APIKey"));
        }
        if (!MessageDigest.isEqual(expectedDigest, sha256(presented))) {
            throw new HttpError(401,
                    "Invalid API Key. Check that you are passing a correct 'X-API-Key' in your header.");
        }
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
