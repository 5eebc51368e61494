package dev.litserve4j.internal.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Where the shutdown key comes from. Only digests leave this class, so the key itself is never at
 * hand for a log line.
 */
public abstract class ShutdownKey {

    /** A key file is read on the I/O thread on each attempt: it must stay small (and not be /dev/zero). */
    static final int MAX_KEY_FILE_BYTES = 4096;

    /** Thrown when no key can be read now; every attempt is then refused. */
    public static final class UnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnavailableException(String message) {
            super(message, null, false, false);
        }
    }

    /** The SHA-256 of the key that is valid now. */
    abstract byte[] digest() throws UnavailableException;

    /** Where the key came from, for log lines (never the key). */
    public abstract String description();

    /** A key given in code or in an environment variable. */
    public static ShutdownKey fixed(String key, String origin) {
        byte[] digest = ApiKeyAuthenticator.sha256(key);
        return new ShutdownKey() {
            @Override
            byte[] digest() {
                return digest;
            }

            @Override
            public String description() {
                return "key from " + origin;
            }
        };
    }

    /**
     * A key read from a file on every attempt, so replacing the file rotates the key without a
     * restart. One trailing newline is ignored; an unreadable, empty or oversized file accepts nothing.
     */
    public static ShutdownKey file(Path path) {
        return new ShutdownKey() {
            @Override
            byte[] digest() throws UnavailableException {
                String key;
                try (InputStream in = Files.newInputStream(path)) {
                    byte[] bytes = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
                    if (bytes.length > MAX_KEY_FILE_BYTES) {
                        throw new UnavailableException("the shutdown key file " + path + " is larger than "
                                + MAX_KEY_FILE_BYTES + " bytes: it should hold one key");
                    }
                    key = new String(bytes, StandardCharsets.UTF_8);
                } catch (IOException | RuntimeException e) {
                    throw new UnavailableException("the shutdown key file " + path + " cannot be read: " + e);
                }
                if (key.endsWith("\n")) {
                    key = key.substring(0, key.length() - (key.endsWith("\r\n") ? 2 : 1));
                }
                if (key.isEmpty()) {
                    throw new UnavailableException("the shutdown key file " + path + " is empty");
                }
                return ApiKeyAuthenticator.sha256(key);
            }

            @Override
            public String description() {
                return "key read from " + path + " on each attempt";
            }
        };
    }

    /** A random 256-bit key, base64url; its value is shown once, by the server, as a curl line. */
    public static Generated generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new Generated(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** A generated key: the only kind whose value may be shown, since no one else knows it. */
    public static final class Generated extends ShutdownKey {
        private final String value;
        private final byte[] digest;

        private Generated(String value) {
            this.value = value;
            this.digest = ApiKeyAuthenticator.sha256(value);
        }

        /** The key, for the one line that tells the operator how to use it. */
        public String value() {
            return value;
        }

        @Override
        byte[] digest() {
            return digest;
        }

        @Override
        public String description() {
            return "generated key";
        }
    }
}
