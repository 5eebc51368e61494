package dev.litserve4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litserve4j.examples.SlowApi;
import dev.litserve4j.junit.LitServerExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server's own refusals (API key, its timeout) and a server that is not there. */
class ServerErrorsIT {

    // A server per test: the 504 test leaves its worker asleep for a second, which would time out the next test.
    @RegisterExtension
    static final LitServerExtension server = LitServerExtension
            .configuring(builder -> builder.api(new SlowApi()).apiKey("s3cret").timeout(Duration.ofMillis(300)))
            .client(client -> client.apiKey("s3cret"))
            .perMethod();

    @Test
    void theClientSendsItsApiKeyAndWithoutItTheServerAnswers401(LitClient client, URI uri) {
        assertThat(client.predict(Map.of("input", 1), Map.class)).isEqualTo(Map.of("output", 1));
        assertThat(client.health()).isTrue();
        assertThatThrownBy(() -> LitClient.create(uri).predict(Map.of("input", 1), Map.class))
                .isInstanceOfSatisfying(LitHttpException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.detail()).isEqualTo("Not authenticated");
                });
        assertThatThrownBy(() -> LitClient.builder(uri).apiKey("wrong").build().health())
                .isInstanceOfSatisfying(LitHttpException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.detail()).contains("correct 'X-API-Key'");
                });
    }

    @Test
    void theServersTimeoutIsA504NotAClientTimeout(LitClient client) {
        assertThatThrownBy(() -> client.predict(Map.of("input", 1, "sleep", 1), Map.class))
                .isInstanceOfSatisfying(LitHttpException.class, e -> {
                    assertThat(e.status()).isEqualTo(504);
                    assertThat(e.detail()).isEqualTo("Request timed out");
                });
    }

    @Test
    void aServerThatIsNotListeningIsAClientExceptionWithoutAStatus() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        LitClient nobody = LitClient.builder(URI.create("http://127.0.0.1:" + closed)).timeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(nobody::health).isInstanceOf(LitClientException.class)
                .isNotInstanceOf(LitHttpException.class).hasMessageContaining("could not connect");
    }
}
