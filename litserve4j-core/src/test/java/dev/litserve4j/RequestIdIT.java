package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.testing.LogCapture;
import dev.litserve4j.testing.RawConnection;
import dev.litserve4j.testing.RawConnection.RawResponse;
import dev.litserve4j.testing.Servers;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code X-Request-Id}: taken from the client when usable, made otherwise, on every answer and in the logs. */
class RequestIdIT {

    /** Answers the id its context carries; {@code "boom"} fails with an unexpected exception. */
    static final class IdEcho implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> in, RequestContext context) {
            if (in.containsKey("boom")) {
                throw new IllegalStateException("boom");
            }
            return Map.of("id", context.requestId());
        }
    }

    /** Streams the id twice. */
    static final class IdStream implements LitApi<Map<String, Object>, String> {
        @Override
        public void predictStream(Map<String, Object> in, RequestContext context, Emitter<String> emitter)
                throws InterruptedException {
            emitter.emit(context.requestId());
            emitter.emit(context.requestId());
        }
    }

    private static RawResponse send(LitServer server, String method, String path, String body, String... headers) {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        if (body != null) {
            request.append("Content-Type: application/json\r\nContent-Length: ").append(body.length()).append("\r\n");
        }
        request.append("\r\n").append(body == null ? "" : body);
        try (RawConnection c = RawConnection.open(server.port())) {
            return c.send(request.toString()).read();
        }
    }

    @Test
    void aRequestWithoutAnIdGetsAFreshOneOnTheAnswerAndInItsContext() {
        try (LitServer server = Servers.start(new IdEcho())) {
            RawResponse first = send(server, "POST", "/predict", "{\"input\": 1}");
            RawResponse second = send(server, "POST", "/predict", "{\"input\": 1}");
            String id = first.header("X-Request-Id");
            assertThat(id).matches("[0-9a-f]{32}");
            assertThat(first.bodyText()).isEqualTo("{\"id\":\"" + id + "\"}");
            assertThat(second.header("X-Request-Id")).matches("[0-9a-f]{32}").isNotEqualTo(id);
        }
    }

    @Test
    void aUsableClientIdIsKeptAndAnUnusableOneReplaced() {
        try (LitServer server = Servers.start(new IdEcho())) {
            RawResponse kept = send(server, "POST", "/predict", "{\"input\": 1}", "X-Request-Id: trace-42/abc");
            assertThat(kept.header("X-Request-Id")).isEqualTo("trace-42/abc");
            assertThat(kept.bodyText()).isEqualTo("{\"id\":\"trace-42/abc\"}");

            String tooLong = "a".repeat(129);
            for (String bad : new String[] {"X-Request-Id: " + tooLong, "X-Request-Id: has space",
                    "X-Request-Id: caf\u00e9"}) {
                RawResponse replaced = send(server, "POST", "/predict", "{\"input\": 1}", bad);
                assertThat(replaced.header("X-Request-Id")).as(bad).matches("[0-9a-f]{32}");
            }
            RawResponse twice = send(server, "POST", "/predict", "{\"input\": 1}", "X-Request-Id: a", "X-Request-Id: b");
            assertThat(twice.header("X-Request-Id")).matches("[0-9a-f]{32}");
            assertThat(send(server, "POST", "/predict", "{\"input\": 1}", "X-Request-Id: " + "b".repeat(128))
                    .header("X-Request-Id")).hasSize(128);
        }
    }

    @Test
    void errorsDecidedFromTheHeadAndHealthAnswersCarryTheIdToo() {
        try (LitServer server = Servers.start(new IdEcho())) {
            assertThat(send(server, "GET", "/nowhere", null, "X-Request-Id: r1").header("X-Request-Id")).isEqualTo("r1");
            assertThat(send(server, "GET", "/predict", null, "X-Request-Id: r2").header("X-Request-Id")).isEqualTo("r2");
            RawResponse bad = send(server, "POST", "/predict", "{nope", "X-Request-Id: r3");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.header("X-Request-Id")).isEqualTo("r3");
            assertThat(send(server, "GET", "/health", null).header("X-Request-Id")).matches("[0-9a-f]{32}");
        }
    }

    @Test
    void aStreamCarriesTheIdOnItsHead() {
        try (LitServer server = Servers.local().api(new IdStream()).stream(true).build().start()) {
            RawResponse stream = send(server, "POST", "/predict", "{}", "X-Request-Id: s-1");
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("X-Request-Id")).isEqualTo("s-1");
            assertThat(stream.bodyText()).contains("s-1");
        }
    }

    @Test
    void theLogLineOfAFailedRequestNamesItsId() {
        try (LogCapture log = new LogCapture(); LitServer server = Servers.start(new IdEcho())) {
            RawResponse failed = send(server, "POST", "/predict", "{\"boom\": true}", "X-Request-Id: fail-7");
            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.header("X-Request-Id")).isEqualTo("fail-7");
            assertThat(log.text()).contains("request fail-7 failed with an unexpected exception");
        }
    }
}
