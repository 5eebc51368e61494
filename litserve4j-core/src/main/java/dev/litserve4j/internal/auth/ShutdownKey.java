package dev.litserve4j.internal.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;

/**
 * Where the shutdown key comes from. Only digests leave this class, so the key itself is never at
 * hand for a log line.
 */
public abstract class ShutdownKey {

    /** A key file is read into memory whole: it must stay small (and not be /dev/zero). */
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

    /** True when {@link #digest()} may touch the file system, so it must not run on an event loop. */
    public boolean mayBlock() {
        return false;
    }

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
     * A key read from a file, again whenever the file changes, so replacing the file rotates the key
     * without a restart. One trailing newline is ignored; an unreadable, empty or oversized file
     * accepts nothing.
     */
    public static ShutdownKey file(Path path) {
        return file(path, Clock.systemUTC());
    }

    /** {@link #file(Path)} with the clock that tells how long ago the file was modified. */
    static ShutdownKey file(Path path, Clock clock) {
        return new FileKey(path, clock);
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

    /**
     * Looks at the file's attributes on each attempt and reads it only when its modification time,
     * size or identity (a file swapped in by rename) differ from the last good read. Only a good read
     * is remembered: a failure can be mended without touching the file (chmod), and is rare.
     */
    private static final class FileKey extends ShutdownKey {
        /**
         * File systems keep modification times in ticks (2 s on FAT): a read less than this after
         * the file's modification time may have been followed by a write of the same size in the
         * same tick, so such a read is not trusted to stand for the file (git's "racily clean").
         */
        static final long SAME_TICK_MILLIS = 2_000;

        private final Path path;
        private final Clock clock;
        private Snapshot last; // guarded by this

        private record Snapshot(FileTime modified, long size, Object identity, byte[] digest) {
            boolean describes(BasicFileAttributes file) {
                return modified.equals(file.lastModifiedTime()) && size == file.size()
                        && Objects.equals(identity, file.fileKey());
            }
        }

        FileKey(Path path, Clock clock) {
            this.path = path;
            this.clock = clock;
        }

        @Override
        public boolean mayBlock() {
            return true;
        }

        @Override
        synchronized byte[] digest() throws UnavailableException {
            long before = clock.millis();
            BasicFileAttributes file;
            try {
                file = Files.readAttributes(path, BasicFileAttributes.class);
            } catch (IOException | RuntimeException e) {
                last = null;
                throw new UnavailableException("the shutdown key file " + path + " cannot be read: " + e);
            }
            // A permission change leaves time and size alone: an unreadable file must still accept nothing.
            if (last != null && last.describes(file) && Files.isReadable(path)) {
                return last.digest;
            }
            last = null;
            // Attributes first, then content: a change in between is seen as a change next time.
            byte[] digest = read();
            if (before - file.lastModifiedTime().toMillis() >= SAME_TICK_MILLIS) {
                last = new Snapshot(file.lastModifiedTime(), file.size(), file.fileKey(), digest);
            }
            return digest;
        }
        private byte[] read() throws UnavailableException {
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
            return "key read from " + path + ", again whenever it changes";
        }
    }
}
