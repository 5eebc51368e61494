package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code X-API-Key} check of a server built with an API key. */
class AuthIT {

    private static final String KEY = "s3cret";

    static final class Square implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> in) {
            int x = ((Number) in.get("input")).intValue();
            return Map.of("output", x * x);
        }
    }

    private static LitServer startWithKey() {
        return Servers.local().apiKey(KEY).api(new Square()).build().start();
    }

    private static HttpRequest predictWithKey(Http http, String key) {
        return http.request("/predict").header("Content-Type", "application/json").header("X-API-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"input\": 3}")).build();
    }

    @Test
    void predictWithoutAKeyGets401NotAuthenticated() {
        try (LitServer server = startWithKey()) {
            HttpResponse<String> response = new Http(server.port()).post("/predict", "{\"input\": 3}");

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).isEqualTo("{\"detail\":\"Not authenticated\"}");
        }
    }

    @Test
    void predictWithAWrongKeyGets401InvalidApiKey() throws Exception {
        try (LitServer server = startWithKey()) {
            Http http = new Http(server.port());

            HttpResponse<String> response = http.send(predictWithKey(http, "s3cre"));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(new ObjectMapper().readTree(response.body()).get("detail").asText())
                    .startsWith("Invalid API Key");
            assertThat(response.body()).doesNotContain(KEY);
        }
    }

    @Test
    void predictWithTheRightKeyIsServed() {
        try (LitServer server = startWithKey()) {
            Http http = new Http(server.port());

            HttpResponse<String> response = http.send(predictWithKey(http, KEY));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"output\":9}");
        }
    }

    @Test
    void healthAlsoRequiresTheKey() {
        try (LitServer server = startWithKey()) {
            Http http = new Http(server.port());

            HttpResponse<String> without = http.get("/health");
            HttpResponse<String> with = http.send(http.request("/health").header("X-API-Key", KEY).GET().build());

            assertThat(without.statusCode()).isEqualTo(401);
            assertThat(without.body()).isEqualTo("{\"detail\":\"Not authenticated\"}");
            assertThat(with.statusCode()).isEqualTo(200);
            assertThat(with.body()).isEqualTo("ok");
        }
    }

    @Test
    void theKeyHeaderNameIsCaseInsensitive() {
        try (LitServer server = startWithKey()) {
            Http http = new Http(server.port());

            HttpResponse<String> response = http.send(http.request("/predict").header("x-api-key", KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"input\": 3}")).build());

            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void unknownPathsAndWrongMethodsAreAnsweredBeforeTheKeyIsChecked() {
        try (LitServer server = startWithKey()) {
            Http http = new Http(server.port());

            assertThat(http.get("/nope").statusCode()).isEqualTo(404);
            assertThat(http.get("/predict").statusCode()).isEqualTo(405);
        }
    }

    @Test
    void rootAndInfoAlsoRequireTheKey() {
        try (LitServer server = startWithKey()) {
            Http http = new Http(server.port());

            assertThat(http.get("/").statusCode()).isEqualTo(401);
            assertThat(http.get("/info").statusCode()).isEqualTo(401);
        }
    }
}
