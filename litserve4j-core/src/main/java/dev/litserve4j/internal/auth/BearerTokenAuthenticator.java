package dev.litserve4j.internal.auth;

import dev.litserve4j.Callback.ShutdownOutcome;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Checks {@code Authorization: Bearer <key>} against a {@link ShutdownKey}: the scheme is
 * case-insensitive, the comparison constant-time on digests, and anything unexpected fails closed.
 */
public final class BearerTokenAuthenticator {

    private static final String SCHEME = "bearer ";

    private final ShutdownKey key;

    public BearerTokenAuthenticator(ShutdownKey key) {
        this.key = key;
    }

    /** True when {@link #check} may touch the file system, so it must not run on an event loop. */
    public boolean mayBlock() {
        return key.mayBlock();
    }

    /**
     * Returns {@link ShutdownOutcome#ACCEPTED} only for the right key.
     *
     * @throws ShutdownKey.UnavailableException when the key cannot be read now
     */
    public ShutdownOutcome check(String authorization) throws ShutdownKey.UnavailableException {
        byte[] expected = key.digest();
        if (authorization == null) {
            return ShutdownOutcome.MISSING_KEY;
        }
        String header = authorization.trim();
        if (header.length() <= SCHEME.length() || !header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return ShutdownOutcome.MALFORMED_KEY;
        }
        String token = header.substring(SCHEME.length()).trim();
        if (token.isEmpty() || token.indexOf(' ') >= 0) {
            return ShutdownOutcome.MALFORMED_KEY;
        }
        return MessageDigest.isEqual(expected, ApiKeyAuthenticator.sha256(token))
                ? ShutdownOutcome.ACCEPTED : ShutdownOutcome.WRONG_KEY;
    }
}
