package dev.litserve4j.internal.auth;

import static dev.litserve4j.Callback.ShutdownOutcome.ACCEPTED;
import static dev.litserve4j.Callback.ShutdownOutcome.MALFORMED_KEY;
import static dev.litserve4j.Callback.ShutdownOutcome.MISSING_KEY;
import static dev.litserve4j.Callback.ShutdownOutcome.WRONG_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokenAuthenticatorTest {

    private final BearerTokenAuthenticator auth = new BearerTokenAuthenticator(ShutdownKey.fixed("s3cret", "test"));

    @Test
    void acceptsOnlyTheKeyWithAnyCaseOfTheScheme() throws Exception {
        assertThat(auth.check("Bearer s3cret")).isEqualTo(ACCEPTED);
        assertThat(auth.check("bearer s3cret")).isEqualTo(ACCEPTED);
        assertThat(auth.check("BEARER  s3cret ")).isEqualTo(ACCEPTED);
        assertThat(auth.check("Bearer s3cret2")).isEqualTo(WRONG_KEY);
        assertThat(auth.check("Bearer S3CRET")).isEqualTo(WRONG_KEY);
    }

    @Test
    void namesWhatIsWrongWithTheHeader() throws Exception {
        assertThat(auth.check(null)).isEqualTo(MISSING_KEY);
        assertThat(auth.check("")).isEqualTo(MALFORMED_KEY);
        assertThat(auth.check("Bearer")).isEqualTo(MALFORMED_KEY);
        assertThat(auth.check("Bearer ")).isEqualTo(MALFORMED_KEY);
        assertThat(auth.check("Basic czNjcmV0")).isEqualTo(MALFORMED_KEY);
        assertThat(auth.check("Bearer s3 cret")).isEqualTo(MALFORMED_KEY);
    }

    @Test
    void aChangedKeyFileIsReadAgainIgnoringOneTrailingNewline(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, "one\n");
        BearerTokenAuthenticator fromFile = new BearerTokenAuthenticator(ShutdownKey.file(file));
        assertThat(fromFile.check("Bearer one")).isEqualTo(ACCEPTED);
        Files.writeString(file, "two\r\n");
        assertThat(fromFile.check("Bearer one")).isEqualTo(WRONG_KEY);
        assertThat(fromFile.check("Bearer two")).isEqualTo(ACCEPTED);
    }

    @Test
    void emptyOrMissingKeyFileRefusesEveryAttempt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, "\n");
        BearerTokenAuthenticator fromFile = new BearerTokenAuthenticator(ShutdownKey.file(file));
        assertThatThrownBy(() -> fromFile.check("Bearer ")).isInstanceOf(ShutdownKey.UnavailableException.class)
                .hasMessageContaining("is empty");
        Files.delete(file);
        assertThatThrownBy(() -> fromFile.check("Bearer x")).isInstanceOf(ShutdownKey.UnavailableException.class)
                .hasMessageContaining("cannot be read");
    }

    @Test
    void generatedKeysAre256BitBase64UrlAndDiffer() {
        String a = ShutdownKey.generate(new SecureRandom()).value();
        String b = ShutdownKey.generate(new SecureRandom()).value();
        assertThat(a).matches("[A-Za-z0-9_-]{43}");
        assertThat(a).isNotEqualTo(b);
    }
}
