package dev.litserve4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** build() refuses bad options with a message that names the option and the value. */
class LitClientBuilderTest {

    private static LitClientBuilder builder(String uri) {
        return LitClient.builder(URI.create(uri));
    }

    @Test
    void aRelativeOrNonHttpBaseUriIsRefusedWithAnExample() {
        assertThatThrownBy(() -> builder("/predict").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseUri").hasMessageContaining("http://127.0.0.1:8000").hasMessageContaining("/predict");
        assertThatThrownBy(() -> builder("ftp://host:21").build()).hasMessageContaining("ftp://host:21");
        assertThatThrownBy(() -> builder("http://host:1/?a=b").build()).hasMessageContaining("query");
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> builder("http://127.0.0.1:8000").timeout(Duration.ZERO).build())
                .hasMessage("timeout must be positive, got PT0S");
        assertThatThrownBy(() -> RequestOptions.defaults().timeout(Duration.ofSeconds(-1)))
                .hasMessage("timeout must be positive, got PT-1S");
    }

    @Test
    void retryOptionsAreChecked() {
        assertThatThrownBy(() -> builder("http://127.0.0.1:8000").retryOn503(0, Duration.ofSeconds(1)).build())
                .hasMessageContaining("maxAttempts must be >= 1").hasMessageContaining("got 0");
        assertThatThrownBy(() -> builder("http://127.0.0.1:8000").retryOn503(3, Duration.ofSeconds(-1)).build())
                .hasMessageContaining("maxWait must be >= 0");
    }

    @Test
    void aPathMustStartWithASlash() {
        assertThatThrownBy(() -> RequestOptions.path("predict"))
                .hasMessage("path must start with '/', got \"predict\"");
    }

    @Test
    void theBaseUriLosesItsTrailingSlashSoPathsAreAppendedToItsPrefix() {
        assertThat(builder("http://127.0.0.1:8000/models/").build().baseUri())
                .isEqualTo(URI.create("http://127.0.0.1:8000/models"));
    }
}
