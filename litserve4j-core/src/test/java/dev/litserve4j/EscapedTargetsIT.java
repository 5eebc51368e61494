package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.spec.ChatRequest;
import dev.litserve4j.spec.OpenAiChatSpec;
import dev.litserve4j.spec.Spec;
import dev.litserve4j.testing.RawConnection;
import dev.litserve4j.testing.RawConnection.RawResponse;
import dev.litserve4j.testing.Servers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A target with percent escapes is decoded once, where the request head is checked, and every answer
 * on it, errors included, is the one its decoded path earns: the route's own error shape
 * ({@code {"error": ...}} on an OpenAI route, {@code {"detail": ...}} elsewhere), whether the error
 * is decided from the head, by the body limit or by the route.
 */
class EscapedTargetsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final class Square implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> in) {
            double x = ((Number) in.get("input")).doubleValue();
            return Map.of("output", x * x);
        }
    }

    static final class Chat implements LitApi<ChatRequest, Object> {
        @Override
        public Spec spec() {
            return new OpenAiChatSpec();
        }

        @Override
        public Object predict(ChatRequest request) {
            return "hi";
        }
    }

    private static RawResponse exchange(LitServer server, String request) {
        try (RawConnection connection = RawConnection.open(server.port(), Duration.ofSeconds(5))) {
            return connection.send(request).read();
        }
    }

    private static String post(String target, String body) {
        return "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
    }

    private static JsonNode json(RawResponse response) throws Exception {
        assertThat(response.header("Content-Type")).as("Content-Type of %s", response).startsWith("application/json");
        return JSON.readTree(response.body());
    }

    @Test
    void anEscapedPathReachesItsRouteAndItsErrorsHaveTheRoutesShape() throws Exception {
        try (LitServer server = Servers.start(new Square())) {
            RawResponse good = exchange(server, post("/pre%64ict", "{\"input\": 3}"));
            RawResponse badJson = exchange(server, post("/pre%64ict", "{\"input\": "));
            RawResponse wrongMethod = exchange(server, "GET /pre%64ict HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(good.status()).isEqualTo(200);
            assertThat(good.bodyText()).isEqualTo("{\"output\":9.0}");
            assertThat(badJson.status()).isEqualTo(400);
            assertThat(json(badJson).get("detail").asText()).startsWith("Invalid JSON in request body");
            assertThat(wrongMethod.status()).isEqualTo(405);
            assertThat(wrongMethod.header("Allow")).contains("POST");
            assertThat(json(wrongMethod).get("detail").asText()).isEqualTo("Method Not Allowed");
        }
    }

    @Test
    void aBadEscapeGets400WithADetailAndAnUnknownEscapedPath404() throws Exception {
        try (LitServer server = Servers.start(new Square())) {
            RawResponse badEscape = exchange(server, "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse unknown = exchange(server, post("/pre%64icts", "{\"input\": 3}"));

            assertThat(badEscape.status()).isEqualTo(400);
            assertThat(json(badEscape).get("detail").asText()).startsWith("Malformed request target '/%zz'");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(json(unknown).get("detail").asText()).isEqualTo("Not Found");
        }
    }

    @Test
    void onAnEscapedOpenAiPathErrorsFromTheHeadTheBodyLimitAndTheRouteUseTheOpenAiShape() throws Exception {
        try (LitServer server = Servers.local().api(new Chat()).maxPayloadSize("1KB").build().start()) {
            String target = "/v1/chat/complet%69ons";
            RawResponse badJson = exchange(server, post(target, "{\"messages\": "));
            RawResponse wrongMethod = exchange(server, "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse declaredTooLarge = exchange(server, "POST " + target + " HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 4096\r\n\r\n");
            String chunk = "{\"messages\": [], \"pad\": \"" + "x".repeat(2048) + "\"}";
            RawResponse grewTooLarge = exchange(server, "POST " + target + " HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n");
            RawResponse twoHosts = exchange(server, "POST " + target + " HTTP/1.1\r\nHost: x\r\nHost: y\r\n"
                    + "Content-Length: 0\r\n\r\n");
            RawResponse badEscape = exchange(server, post("/v1/chat/completions%zz", "{}"));

            assertThat(badJson.status()).isEqualTo(400);
            assertThat(json(badJson).at("/error/message").asText()).startsWith("Invalid JSON in request body");
            assertThat(json(badJson).has("detail")).isFalse();
            assertThat(wrongMethod.status()).isEqualTo(405);
            assertThat(json(wrongMethod).at("/error/message").asText()).isEqualTo("Method Not Allowed");
            assertThat(declaredTooLarge.status()).isEqualTo(413);
            assertThat(json(declaredTooLarge).has("error")).isTrue();
            assertThat(grewTooLarge.status()).isEqualTo(413);
            assertThat(json(grewTooLarge).has("error")).isTrue();
            assertThat(twoHosts.status()).isEqualTo(400);
            assertThat(json(twoHosts).at("/error/message").asText())
                    .isEqualTo("An HTTP/1.1 request must carry exactly one Host header");
            // A target that does not decode names no route: the server's own shape.
            assertThat(badEscape.status()).isEqualTo(400);
            assertThat(json(badEscape).get("detail").asText()).startsWith("Malformed request target");
        }
    }
}
