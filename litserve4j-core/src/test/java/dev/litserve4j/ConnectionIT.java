package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** What happens on the wire: pipelining, keep-alive, {@code Connection: close} and gzip. */
class ConnectionIT {

    /** Squares {@code input}, or answers {@code "a"} repeated {@code text} times. */
    static final class Square implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> in) {
            if (in.containsKey("text")) {
                return Map.of("text", "a".repeat(((Number) in.get("text")).intValue()));
            }
            int x = ((Number) in.get("input")).intValue();
            return Map.of("output", x * x);
        }
    }

    record RawResponse(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static Socket connect(LitServer server) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000); // every read below is bounded
        return socket;
    }

    private static String post(String json, String... extraHeaders) {
        StringBuilder request = new StringBuilder()
                .append("POST /predict HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(json.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").append(json).toString();
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static RawResponse read(InputStream in) throws IOException {
        String statusLine = readLine(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.get("content-length"));
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("body ended after " + body.length + " of " + length + " bytes");
        }
        return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed in the middle of a response head");
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
            }
            line.write(b);
            previous = b;
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInRequestOrder() throws Exception {
        try (LitServer server = Servers.local().api(new Square()).workersPerDevice(2).build().start();
                Socket socket = connect(server)) {
            InputStream in = new BufferedInputStream(socket.getInputStream());

            write(socket, post("{\"input\": 7}") + post("{\"input\": 3}") + post("{\"input\": 5}"));

            RawResponse first = read(in);
            RawResponse second = read(in);
            RawResponse third = read(in);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("{\"output\":49}");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("{\"output\":9}");
            assertThat(third.status()).isEqualTo(200);
            assertThat(third.body()).isEqualTo("{\"output\":25}");
        }
    }

    @Test
    void fortyPipelinedRequestsAreAllAnsweredInRequestOrder() throws Exception {
        try (LitServer server = Servers.local().api(new Square()).workersPerDevice(2).build().start();
                Socket socket = connect(server)) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            StringBuilder requests = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                requests.append(post("{\"input\": " + i + "}"));
            }

            write(socket, requests.toString());

            for (int i = 0; i < 40; i++) {
                RawResponse response = read(in);
                assertThat(response.status()).as("response %d", i).isEqualTo(200);
                assertThat(response.body()).as("response %d", i).isEqualTo("{\"output\":" + i * i + "}");
            }
        }
    }

    @Test
    void pipelinedRequestsToServerRoutesAreAllAnswered() throws Exception {
        try (LitServer server = Servers.start(new Square()); Socket socket = connect(server)) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String get = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

            write(socket, get + "GET /nope HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + post("{\"input\": 2}"));

            assertThat(read(in).body()).isEqualTo("ok");
            assertThat(read(in).status()).isEqualTo(404);
            assertThat(read(in).body()).isEqualTo("{\"output\":4}");
        }
    }

    @Test
    void keptAliveConnectionAnswersSequentialRequests() throws Exception {
        try (LitServer server = Servers.start(new Square()); Socket socket = connect(server)) {
            InputStream in = new BufferedInputStream(socket.getInputStream());

            write(socket, post("{\"input\": 2}"));
            RawResponse first = read(in);
            write(socket, post("{\"input\": 6}"));
            RawResponse second = read(in);

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("{\"output\":4}");
            assertThat(first.header("Connection")).isNotEqualToIgnoringCase("close");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("{\"output\":36}");
        }
    }

    @Test
    void keptAliveConnectionAnswersARequestAfterAServerRouteAndAnError() throws Exception {
        try (LitServer server = Servers.start(new Square()); Socket socket = connect(server)) {
            InputStream in = new BufferedInputStream(socket.getInputStream());

            write(socket, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            RawResponse health = read(in);
            write(socket, post("{\"input\": "));
            RawResponse badJson = read(in);
            write(socket, post("{\"input\": 6}"));
            RawResponse answer = read(in);

            assertThat(health.body()).isEqualTo("ok");
            assertThat(badJson.status()).isEqualTo(400);
            assertThat(answer.body()).isEqualTo("{\"output\":36}");
        }
    }

    @Test
    void connectionCloseRequestIsAnsweredWithConnectionCloseAndThenTheSocketIsClosed() throws Exception {
        try (LitServer server = Servers.start(new Square()); Socket socket = connect(server)) {
            InputStream in = new BufferedInputStream(socket.getInputStream());

            write(socket, post("{\"input\": 3}", "Connection: close"));
            RawResponse response = read(in);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"output\":9}");
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(in.read()).as("end of stream").isEqualTo(-1);
        }
    }

    @Test
    void malformedRequestHeadGets400AndTheConnectionIsClosed() throws Exception {
        try (LitServer server = Servers.start(new Square()); Socket socket = connect(server)) {
            InputStream in = new BufferedInputStream(socket.getInputStream());

            write(socket, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nHeaderWithoutColon\r\n\r\n");
            RawResponse response = read(in);

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).startsWith("{\"detail\":\"Malformed HTTP request");
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(in.read()).as("end of stream").isEqualTo(-1);
        }
    }

    @Test
    void queryStringDoesNotChangeTheRoute() throws Exception {
        try (LitServer server = Servers.start(new Square()); Socket socket = connect(server)) {
            InputStream in = new BufferedInputStream(socket.getInputStream());

            write(socket, "GET /health?probe=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            RawResponse response = read(in);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok");
        }
    }

    @Test
    void chunkedBodyOverTheMaxPayloadSizeGets413() throws Exception {
        try (LitServer server = Servers.local().api(new Square()).maxPayloadSize(100).build().start();
                Socket socket = connect(server)) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String chunk = "{\"input\": 2, \"padding\": \"" + "x".repeat(200) + "\"}";

            write(socket, "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n");
            RawResponse response = read(in);

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.body()).isEqualTo("{\"detail\":\"Payload too large\"}");
        }
    }

    @Test
    void chunkedBodyUnderTheMaxPayloadSizeIsServed() throws Exception {
        try (LitServer server = Servers.local().api(new Square()).maxPayloadSize(100).build().start();
                Socket socket = connect(server)) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String chunk = "{\"input\": 2}";

            write(socket, "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n");
            RawResponse response = read(in);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"output\":4}");
        }
    }

    @Test
    void largeResponseIsGzippedWhenTheClientAcceptsGzip() throws Exception {
        try (LitServer server = Servers.start(new Square())) {
            Http http = new Http(server.port());
            HttpRequest request = http.request("/predict").header("Accept-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\": 2000}")).build();

            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(response.body().length).isLessThan(1000);
            byte[] json;
            try (GZIPInputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
                json = gunzip.readAllBytes();
            }
            assertThat(new ObjectMapper().readTree(json).get("text").asText()).isEqualTo("a".repeat(2000));
            assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"text\":\"" + "a".repeat(2000) + "\"}");
        }
    }

    @Test
    void smallResponseIsNotCompressedEvenWhenTheClientAcceptsGzip() {
        try (LitServer server = Servers.start(new Square())) {
            Http http = new Http(server.port());
            HttpRequest request = http.request("/predict").header("Accept-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\": 10}")).build();

            HttpResponse<String> response = http.send(request);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(response.body()).isEqualTo("{\"text\":\"aaaaaaaaaa\"}");
        }
    }

    @Test
    void largeResponseIsNotCompressedWhenTheClientDoesNotAcceptGzip() {
        try (LitServer server = Servers.start(new Square())) {
            HttpResponse<String> response = new Http(server.port()).post("/predict", "{\"text\": 2000}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(response.body()).isEqualTo("{\"text\":\"" + "a".repeat(2000) + "\"}");
        }
    }
}
