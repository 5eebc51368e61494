package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.LogCapture;
import dev.litserve4j.testing.RawConnection;
import dev.litserve4j.testing.Servers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An API's own {@code authorize}: decided from the head, in place of the {@code X-API-Key} check, per API. */
class AuthorizeIT {

    private static final String KEY = "server-key";

    /** Lets in "Bearer alice" and "Bearer bob", and tells predict who called. */
    static final class WhoAmI implements LitApi<Map<String, Object>, Map<String, Object>> {
        final AtomicInteger predicted = new AtomicInteger();

        @Override
        public void authorize(RequestContext context) {
            String auth = context.header("Authorization");
            if (auth == null) {
                throw new HttpError(401, "Not authenticated", Map.of("WWW-Authenticate", "Bearer"));
            }
            if (auth.equals("Bearer crash")) {
                throw new IllegalStateException("token store unavailable");
            }
            String user = auth.startsWith("Bearer ") ? auth.substring(7) : "";
            if (!user.equals("alice") && !user.equals("bob")) {
                throw new HttpError(403, "Bad token");
            }
            context.put("user", user);
        }

        @Override
        public Map<String, Object> predict(Map<String, Object> input, RequestContext context) {
            predicted.incrementAndGet();
            return Map.of("user", context.get("user"), "input", input.get("input"));
        }
    }

    static final class Plain implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> input) {
            return Map.of("output", input.get("input"));
        }
    }

    private static LitServer start(WhoAmI who) {
        return Servers.local().apiKey(KEY).api(who, ApiOptions.path("/who")).api(new Plain(), ApiOptions.path("/plain"))
                .build().start();
    }

    private static HttpResponse<String> post(Http http, String path, Map<String, String> headers) {
        HttpRequest.Builder request = http.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"input\": 7}"));
        headers.forEach(request::header);
        return http.send(request.build());
    }

    @Test
    void authorizeReplacesTheApiKeyCheckAndHandsItsAttributesToPredict() {
        WhoAmI who = new WhoAmI();
        try (LitServer server = start(who)) {
            Http http = new Http(server.port());

            HttpResponse<String> alice = post(http, "/who", Map.of("Authorization", "Bearer alice"));
            HttpResponse<String> bob = post(http, "/who", Map.of("Authorization", "Bearer bob"));

            assertThat(alice.statusCode()).isEqualTo(200);
            assertThat(alice.body()).contains("\"user\":\"alice\"").contains("\"input\":7");
            assertThat(bob.body()).contains("\"user\":\"bob\"");
        }
    }

    @Test
    void refusalsCarryTheApisStatusDetailAndHeadersAndNeverReachPredict() {
        WhoAmI who = new WhoAmI();
        try (LitServer server = start(who)) {
            Http http = new Http(server.port());

            HttpResponse<String> none = post(http, "/who", Map.of());
            HttpResponse<String> wrong = post(http, "/who", Map.of("Authorization", "Bearer mallory"));
            HttpResponse<String> keyOnly = post(http, "/who", Map.of("X-API-Key", KEY));

            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).isEqualTo("{\"detail\":\"Not authenticated\"}");
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(wrong.body()).isEqualTo("{\"detail\":\"Bad token\"}");
            assertThat(keyOnly.statusCode()).as("the server's key does not open an API with its own check").isEqualTo(401);
            assertThat(who.predicted).hasValue(0);
        }
    }

    @Test
    void theOtherApisOfTheServerKeepTheApiKeyCheck() {
        try (LitServer server = start(new WhoAmI())) {
            Http http = new Http(server.port());

            assertThat(post(http, "/plain", Map.of("Authorization", "Bearer alice")).statusCode()).isEqualTo(401);
            assertThat(post(http, "/plain", Map.of("X-API-Key", KEY)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRefusalComesFromTheHeadBeforeAnyOfTheBodyIsSent() {
        try (LitServer server = start(new WhoAmI()); RawConnection raw = RawConnection.open(server.port())) {
            // A declared 100 MB body that is never sent: the answer cannot wait for it.
            raw.send("POST /who HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer mallory\r\nContent-Length: 100000000\r\n\r\n");

            RawConnection.RawResponse response = raw.read();

            assertThat(response.status()).isEqualTo(403);
            assertThat(response.bodyText()).isEqualTo("{\"detail\":\"Bad token\"}");
        }
    }

    @Test
    void anAuthorizeThatThrowsSomethingElseIs500AndTheConnectionServesOn() {
        try (LogCapture log = new LogCapture(); LitServer server = start(new WhoAmI());
                RawConnection raw = RawConnection.open(server.port())) {
            String body = "{\"input\": 7}";
            raw.send("POST /who HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer crash\r\n"
                    + "X-Request-Id: crash-9\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            RawConnection.RawResponse crashed = raw.read();
            raw.send("POST /who HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer bob\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            RawConnection.RawResponse next = raw.read();

            assertThat(crashed.status()).isEqualTo(500);
            assertThat(crashed.bodyText()).isEqualTo("{\"detail\":\"Internal server error\"}");
            // decided on the head, before the request's exchange exists: the log line and the answer share its id
            assertThat(crashed.header("X-Request-Id")).isEqualTo("crash-9");
            assertThat(log.text()).contains("request crash-9: the access check of /who failed");
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.bodyText()).contains("\"user\":\"bob\"");
        }
    }

    @Test
    void pipelinedRequestsEachGetTheirOwnCallersAttributes() {
        try (LitServer server = start(new WhoAmI()); RawConnection raw = RawConnection.open(server.port())) {
            String body = "{\"input\": 7}";
            StringBuilder both = new StringBuilder();
            for (String user : new String[] {"alice", "bob"}) {
                both.append("POST /who HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ")
                        .append(user).append("\r\nContent-Length: ").append(body.length()).append("\r\n\r\n").append(body);
            }
            raw.send(both.toString());

            assertThat(raw.read().bodyText()).contains("\"user\":\"alice\"");
            assertThat(raw.read().bodyText()).contains("\"user\":\"bob\"");
        }
    }
}
