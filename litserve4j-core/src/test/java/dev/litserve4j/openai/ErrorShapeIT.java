package dev.litserve4j.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litserve4j.LitServer;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Errors on the OpenAI routes in OpenAI's shape, {@code {"error": {"message", "type", "param",
 * "code"}}}, with the statuses of every other route, which keep LitServe's {@code {"detail": ...}}.
 */
class ErrorShapeIT {

    private static final String CHAT = "/v1/chat/completions";

    private static JsonNode error(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = Sse.json(response.body());
        assertThat(body.size()).isEqualTo(1);
        JsonNode error = body.get("error");
        assertThat(error).isNotNull();
        assertThat(error.fieldNames()).toIterable().containsExactly("message", "type", "param", "code");
        return error;
    }

    @Test
    void anInvalidFieldIs400NamingItInParam() {
        try (LitServer server = Servers.start(new WordChat())) {
            Http http = new Http(server.port());
            JsonNode missing = error(http.post(CHAT, "{\"model\":\"m\"}"), 400);
            JsonNode nested = error(http.post(CHAT, "{\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}"), 400);

            assertThat(missing.get("message").asText()).isEqualTo("'messages' is required");
            assertThat(missing.get("type").asText()).isEqualTo("invalid_request_error");
            assertThat(missing.get("param").asText()).isEqualTo("messages");
            assertThat(missing.get("code").isNull()).isTrue();
            assertThat(nested.get("param").asText()).isEqualTo("messages[0].role");
        }
    }

    @Test
    void invalidJsonIs400WithoutParam() {
        try (LitServer server = Servers.start(new WordChat())) {
            JsonNode error = error(new Http(server.port()).post(CHAT, "{\"messages\": ["), 400);

            assertThat(error.get("message").asText()).isNotBlank();
            assertThat(error.get("param").isNull()).isTrue();
        }
    }

    @Test
    void anApiErrorKeepsItsStatusAndIsAServerErrorWhenItIs5xx() {
        try (LitServer server = Servers.start(new WordChat())) {
            Http http = new Http(server.port());
            JsonNode whole = error(http.post(CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"fail\"}]}"), 503);
            HttpResponse<String> streamed = http.post(CHAT,
                    "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"fail\"}]}");

            assertThat(whole.get("message").asText()).isEqualTo("model overloaded");
            assertThat(whole.get("type").asText()).isEqualTo("server_error");
            assertThat(whole.get("code").isNull()).isTrue();
            // Nothing was streamed yet, so the failure is a whole answer too.
            assertThat(error(streamed, 503).get("message").asText()).isEqualTo("model overloaded");
        }
    }

    @Test
    void errorsDecidedFromTheHeadUseOpenAisShapeToo() {
        try (LitServer server = Servers.local().api(new WordChat()).apiKey("secret").maxPayloadSize(64).build().start()) {
            Http http = new Http(server.port());
            JsonNode noKey = error(http.post(CHAT, "{}"), 401);
            HttpResponse<String> wrongMethod = http.send(http.request(CHAT).header("X-API-Key", "secret").GET().build());
            HttpRequest big = http.request(CHAT).header("X-API-Key", "secret")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":\"" + "x".repeat(100) + "\"}")).build();

            assertThat(noKey.get("code").asText()).isEqualTo("invalid_api_key");
            assertThat(noKey.get("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error(wrongMethod, 405).get("message").asText()).isEqualTo("Method Not Allowed");
            assertThat(error(http.send(big), 413).get("message").asText()).isEqualTo("Payload too large");
        }
    }

    @Test
    void otherRoutesAndUnknownPathsKeepLitServesDetail() {
        try (LitServer server = Servers.local().api(new WordChat()).api(new Square()).build().start()) {
            Http http = new Http(server.port());
            HttpResponse<String> predict = http.post("/predict", "{\"input\": ");
            HttpResponse<String> unknown = http.get("/v1/unknown");

            assertThat(predict.statusCode()).isEqualTo(400);
            assertThat(Sse.json(predict.body()).has("detail")).isTrue();
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).isEqualTo("{\"detail\":\"Not Found\"}");
        }
    }
}
