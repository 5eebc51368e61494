package dev.litserve4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.LitServer;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's per-API authorize example is BearerTokenApi.java, shown verbatim and served here. */
class BearerTokenApiTest {

    private static final Path SOURCE = Path.of("src", "main", "java", "dev", "litserve4j", "examples", "BearerTokenApi.java");

    @Test
    void readmeShowsTheSourceVerbatim() throws IOException {
        String source = Files.readString(SOURCE);
        String shown = source.substring(source.indexOf("import dev.litserve4j.HttpError;"));
        assertThat(Files.readString(Path.of("..", "README.md"))).contains("```java\n" + shown + "```");
    }

    @Test
    void aKnownTokenIsServedWithItsUserAndAnUnknownOneGets401() {
        try (LitServer server = Servers.local().api(new BearerTokenApi(Map.of("t0ken", "alice"))).build().start()) {
            Http http = new Http(server.port());
            HttpRequest.Builder request = http.request("/predict").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"input\": 1}"));

            HttpResponse<String> known = http.send(request.copy().header("Authorization", "Bearer t0ken").build());
            HttpResponse<String> unknown = http.send(request.copy().header("Authorization", "Bearer guess").build());

            assertThat(known.statusCode()).isEqualTo(200);
            assertThat(known.body()).contains("\"user\":\"alice\"");
            assertThat(unknown.statusCode()).isEqualTo(401);
            assertThat(unknown.body()).isEqualTo("{\"detail\":\"Send a known token: Authorization: Bearer <token>\"}");
            assertThat(unknown.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
    }
}
