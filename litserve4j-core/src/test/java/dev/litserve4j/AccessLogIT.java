package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.testing.LogCapture;
import dev.litserve4j.testing.RawConnection;
import dev.litserve4j.testing.RawConnection.RawResponse;
import dev.litserve4j.testing.Servers;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --access-log}: one line per finished request, from the access log's own thread. */
class AccessLogIT {

    static final class Square implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> in) {
            int x = ((Number) in.get("input")).intValue();
            return Map.of("output", x * x);
        }
    }

    static final class Count implements LitApi<Map<String, Object>, String> {
        @Override
        public void predictStream(Map<String, Object> in, RequestContext context, Emitter<String> emitter)
                throws InterruptedException {
            emitter.emit("one");
            emitter.emit("two");
        }
    }

    private static RawResponse send(LitServer server, String request) {
        try (RawConnection c = RawConnection.open(server.port())) {
            return c.send(request).read();
        }
    }

    private static String predict(String body, String id) {
        return "POST /predict HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Request-Id: " + id
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void eachFinishedRequestIsOneLineWithItsStatusBytesDurationAndId() {
        String text;
        try (LogCapture log = new LogCapture()) {
            try (LitServer server = Servers.local().api(new Square()).accessLog(true).build().start()) {
                assertThat(send(server, predict("{\"input\": 3}", "acc-1")).bodyText()).isEqualTo("{\"output\":9}");
                assertThat(send(server, "GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Request-Id: acc-2"
                        + "\r\n\r\n").status()).isEqualTo(404);
            } // the stop writes what is queued
            text = log.text();
        }
        assertThat(text).containsPattern("\\[litserve4j-access-log\\] INFO litserve4j\\.access - \\d{4}-\\d\\d-\\d\\dT"
                + "[0-9:.]+Z 127\\.0\\.0\\.1:\\d+ \"POST /predict\" 200 12 \\d+\\.\\d{3}ms acc-1");
        assertThat(text).containsPattern("litserve4j\\.access - \\S+ 127\\.0\\.0\\.1:\\d+ \"GET /nowhere\" 404 \\d+ "
                + "\\d+\\.\\d{3}ms acc-2");
        assertThat(text.lines().filter(l -> l.contains("litserve4j.access")).count()).isEqualTo(2);
    }

    @Test
    void aStreamsLineCountsTheBytesOfItsChunks() {
        String text;
        try (LogCapture log = new LogCapture()) {
            try (LitServer server = Servers.local().api(new Count()).stream(true).accessLog(true).build().start()) {
                RawResponse stream = send(server, predict("{}", "acc-s"));
                assertThat(stream.status()).isEqualTo(200);
            }
            text = log.text();
        }
        assertThat(text).containsPattern("\"POST /predict\" 200 [1-9]\\d* \\d+\\.\\d{3}ms acc-s");
    }

    @Test
    void offByDefault() {
        String text;
        try (LogCapture log = new LogCapture()) {
            try (LitServer server = Servers.local().api(new Square()).build().start()) {
                send(server, predict("{\"input\": 3}", "quiet"));
            }
            text = log.text();
        }
        assertThat(text).doesNotContain("litserve4j.access");
    }
}
