package dev.litserve4j.internal.auth;

import static dev.litserve4j.Callback.ShutdownOutcome.ACCEPTED;
import static dev.litserve4j.Callback.ShutdownOutcome.WRONG_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShutdownKeyTest {

    private static final Instant MODIFIED = Instant.parse("2024-01-01T00:00:00Z");
    /** Long after the file was modified: a read then stands for the file until it changes. */
    private static final Clock LATER = Clock.fixed(MODIFIED.plus(Duration.ofHours(1)), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path write(String name, String content, Instant modified) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @Test
    void aFileWithTheSameModificationTimeAndSizeIsNotReadAgain() throws Exception {
        Path file = write("key", "key-aaaa\n", MODIFIED);
        BearerTokenAuthenticator auth = new BearerTokenAuthenticator(ShutdownKey.file(file, LATER));
        assertThat(auth.check("Bearer key-aaaa")).isEqualTo(ACCEPTED);

        write("key", "key-bbbb\n", MODIFIED);
        assertThat(auth.check("Bearer key-aaaa")).isEqualTo(ACCEPTED);
        assertThat(auth.check("Bearer key-bbbb")).isEqualTo(WRONG_KEY);

        Files.setLastModifiedTime(file, FileTime.from(MODIFIED.plusSeconds(1)));
        assertThat(auth.check("Bearer key-bbbb")).isEqualTo(ACCEPTED);
        assertThat(auth.check("Bearer key-aaaa")).isEqualTo(WRONG_KEY);
    }

    @Test
    void aFileOfAnotherSizeIsReadAgainThoughItsModificationTimeIsTheSame() throws Exception {
        Path file = write("key", "key-aaaa\n", MODIFIED);
        BearerTokenAuthenticator auth = new BearerTokenAuthenticator(ShutdownKey.file(file, LATER));
        assertThat(auth.check("Bearer key-aaaa")).isEqualTo(ACCEPTED);

        write("key", "key-bbbbb\n", MODIFIED);
        assertThat(auth.check("Bearer key-bbbbb")).isEqualTo(ACCEPTED);
        assertThat(auth.check("Bearer key-aaaa")).isEqualTo(WRONG_KEY);
    }

    @Test
    void aFileSwappedInByRenameIsReadAgainThoughItsTimeAndSizeAreTheSame() throws Exception {
        Path file = write("key", "key-aaaa\n", MODIFIED);
        assumeTrue(Files.readAttributes(file, BasicFileAttributes.class).fileKey() != null,
                "this file system gives files no identity");
        BearerTokenAuthenticator auth = new BearerTokenAuthenticator(ShutdownKey.file(file, LATER));
        assertThat(auth.check("Bearer key-aaaa")).isEqualTo(ACCEPTED);

        // How Kubernetes and `mv` rotate a file: a new one, renamed over the old.
        Path next = write("key.next", "key-bbbb\n", MODIFIED);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(auth.check("Bearer key-bbbb")).isEqualTo(ACCEPTED);
    }

    @Test
    void aReadSoonAfterTheFileWasModifiedIsNotTrustedToStandForIt() throws Exception {
        // A second write of the same size in the same tick of the file system's clock would leave
        // time and size as they were.
        Path file = write("key", "key-aaaa\n", MODIFIED);
        Clock sameTick = Clock.fixed(MODIFIED.plusMillis(500), ZoneOffset.UTC);
        BearerTokenAuthenticator auth = new BearerTokenAuthenticator(ShutdownKey.file(file, sameTick));
        assertThat(auth.check("Bearer key-aaaa")).isEqualTo(ACCEPTED);

        write("key", "key-bbbb\n", MODIFIED);
        assertThat(auth.check("Bearer key-bbbb")).isEqualTo(ACCEPTED);
    }

    @Test
    void aFileMadeUnreadableAcceptsNothingThoughItsTimeAndSizeAreTheSame() throws Exception {
        Path file = write("key", "key-aaaa\n", MODIFIED);
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX permissions");
        BearerTokenAuthenticator auth = new BearerTokenAuthenticator(ShutdownKey.file(file, LATER));
        assertThat(auth.check("Bearer key-aaaa")).isEqualTo(ACCEPTED);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(Files.isReadable(file), "running as root: every file is readable");
            assertThatThrownBy(() -> auth.check("Bearer key-aaaa"))
                    .isInstanceOf(ShutdownKey.UnavailableException.class).hasMessageContaining("cannot be read");
        } finally {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(auth.check("Bearer key-aaaa")).isEqualTo(ACCEPTED);
    }

    @Test
    void anOversizedFileAcceptsNothing() throws Exception {
        Path file = write("key", "k".repeat(ShutdownKey.MAX_KEY_FILE_BYTES + 1), MODIFIED);
        BearerTokenAuthenticator auth = new BearerTokenAuthenticator(ShutdownKey.file(file, LATER));
        assertThatThrownBy(() -> auth.check("Bearer k")).isInstanceOf(ShutdownKey.UnavailableException.class)
                .hasMessageContaining("is larger than " + ShutdownKey.MAX_KEY_FILE_BYTES + " bytes");
    }

    @Test
    void aKeyThatWasGoodIsRefusedOnceTheFileIsEmptiedOrGone() throws Exception {
        Path file = write("key", "key-aaaa\n", MODIFIED);
        BearerTokenAuthenticator auth = new BearerTokenAuthenticator(ShutdownKey.file(file, LATER));
        assertThat(auth.check("Bearer key-aaaa")).isEqualTo(ACCEPTED);
        write("key", "", MODIFIED);
        assertThatThrownBy(() -> auth.check("Bearer key-aaaa")).hasMessageContaining("is empty");
        write("key", "key-aaaa\n", MODIFIED);
        assertThat(auth.check("Bearer key-aaaa")).isEqualTo(ACCEPTED);
        Files.delete(file);
        assertThatThrownBy(() -> auth.check("Bearer key-aaaa")).hasMessageContaining("cannot be read");
    }

    @Test
    void onlyAKeyFileMayBlock() throws Exception {
        assertThat(ShutdownKey.file(dir.resolve("key")).mayBlock()).isTrue();
        assertThat(ShutdownKey.fixed("k", "test").mayBlock()).isFalse();
        assertThat(ShutdownKey.generate(new SecureRandom()).mayBlock()).isFalse();
    }
}
