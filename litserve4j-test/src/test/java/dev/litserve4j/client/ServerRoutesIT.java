package dev.litserve4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litserve4j.LitApi;
import dev.litserve4j.LitServer;
import dev.litserve4j.junit.LitServerExtension;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** health, info and shutdown(key) against a real server: a fresh one per test, since one test stops it. */
class ServerRoutesIT {

    /** An echo whose health() the test turns off and on. */
    static final class Toggled implements LitApi<Map<String, Object>, Map<String, Object>> {
        final AtomicBoolean healthy = new AtomicBoolean(true);

        @Override
        public Map<String, Object> predict(Map<String, Object> request) {
            return request;
        }

        @Override
        public boolean health() {
            return healthy.get();
        }
    }

    final Toggled api = new Toggled();

    @RegisterExtension
    final LitServerExtension server = LitServerExtension.configuring(builder -> builder.api(api)
            .modelMetadata(Map.of("name", "echo", "version", 3))
            .timeout(Duration.ofSeconds(7))
            .enableShutdownApi(true).shutdownApiKey("the-key")
            .managementPort(0));

    @Test
    void healthIsTrueWhenTheServerIsReadyAndFalseWhenAnApiIsNot(LitClient client) {
        assertThat(client.health()).isTrue();
        api.healthy.set(false);
        assertThat(client.health()).isFalse();
        api.healthy.set(true);
        assertThat(client.health()).isTrue();
    }

    @Test
    void infoHasTheModelMetadataAndTheServersConfiguration(LitClient client) {
        JsonNode info = client.info();
        assertThat(info.at("/model/name").asText()).isEqualTo("echo");
        assertThat(info.at("/model/version").asInt()).isEqualTo(3);
        assertThat(info.at("/server/timeout").asDouble()).isEqualTo(7.0);
        assertThat(info.at("/lifecycle/phase").asText()).isEqualTo("running");
    }

    @Test
    void aWrongShutdownKeyIsRefusedWith401AndTheServerGoesOn(LitServer litServer, URI uri) {
        LitClient client = LitClient.builder(uri).shutdownUri(shutdownUri(litServer)).build();
        assertThatThrownBy(() -> client.shutdown("not-the-key")).isInstanceOfSatisfying(LitHttpException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.detail()).startsWith("Invalid Bearer token");
            assertThat(e.header("WWW-Authenticate")).hasValue("Bearer");
        });
        assertThat(client.health()).isTrue();
    }

    @Test
    void theRightShutdownKeyStopsTheServerAndItsPortRefusesConnections(LitServer litServer, URI uri) throws Exception {
        LitClient client = LitClient.builder(uri).shutdownUri(shutdownUri(litServer)).timeout(Duration.ofSeconds(5)).build();
        assertThat(client.shutdown("the-key")).isEqualTo("Server is initiating graceful shutdown.");
        assertThat(litServer.awaitTermination(Duration.ofSeconds(30))).isTrue();
        assertThatThrownBy(client::health).isInstanceOf(LitClientException.class)
                .isNotInstanceOf(LitHttpException.class).hasMessageContaining("could not connect");
    }

    @Test
    void theShutdownRouteIsNotOnThePublicPortWhenTheServerHasAManagementPort(LitClient client) {
        assertThatThrownBy(() -> client.shutdown("the-key"))
                .isInstanceOfSatisfying(LitHttpException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(client.health()).isTrue();
    }

    private static URI shutdownUri(LitServer server) {
        return URI.create("http://127.0.0.1:" + server.managementPort() + server.shutdownPath().orElseThrow());
    }
}
