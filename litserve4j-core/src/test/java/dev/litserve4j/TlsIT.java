package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.spec.ChatRequest;
import dev.litserve4j.spec.OpenAiChatSpec;
import dev.litserve4j.spec.Spec;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import dev.litserve4j.testing.TestCertificate;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** HTTPS from PEM files: HTTP/2 and HTTP/1.1 by ALPN, through the JDK's client and real sockets. */
class TlsIT {

    @TempDir
    Path dir;

    static final class Square implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> request) {
            double x = ((Number) request.get("input")).doubleValue();
            return Map.of("output", x * x);
        }
    }

    /** Streams {"output": 0..n-1}; with "hold", waits for {@code release} after the first chunk. */
    static final class Counting implements LitApi<Map<String, Object>, Map<String, Object>> {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void predictStream(Map<String, Object> in, RequestContext ctx, Emitter<Map<String, Object>> out)
                throws Exception {
            int n = ((Number) in.get("n")).intValue();
            for (int i = 0; i < n; i++) {
                out.emit(Map.of("output", i));
                if (i == 0 && Boolean.TRUE.equals(in.get("hold")) && !release.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the stream");
                }
            }
        }
    }

    static final class Words implements LitApi<ChatRequest, Object> {
        @Override
        public Spec spec() {
            return new OpenAiChatSpec();
        }

        @Override
        public void predictStream(ChatRequest request, RequestContext context, Emitter<Object> out) throws Exception {
            for (String word : request.messages().get(0).content().split(" ")) {
                out.emit(word + " ");
            }
        }
    }

    private LitServer start(LitServerBuilder builder, TestCertificate cert) {
        return builder.tls(cert.certFile(), cert.keyFile()).build().start();
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void predictIsServedOverTlsInTheVersionTheClientNegotiates(HttpClient.Version version) {
        TestCertificate cert = TestCertificate.create(dir);
        try (LitServer server = start(Servers.local().api(new Square()), cert)) {
            HttpResponse<String> response = cert.http(server.port(), version).post("/predict", "{\"input\": 4}");

            assertThat(response.version()).isEqualTo(version);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"output\":16.0}");
            assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
            assertThat(server.scheme()).isEqualTo("https");
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void badRequestsGetTheirJsonErrorsOverEitherVersion(HttpClient.Version version) {
        TestCertificate cert = TestCertificate.create(dir);
        try (LitServer server = start(Servers.local().api(new Square()), cert)) {
            Http http = cert.http(server.port(), version);

            HttpResponse<String> badJson = http.post("/predict", "{\"input\": ");
            HttpResponse<String> unknown = http.get("/nowhere");
            HttpResponse<String> wrongMethod = http.get("/predict");
            HttpResponse<String> head = http.send(http.request("/predict")
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

            assertThat(badJson.version()).isEqualTo(version);
            assertThat(badJson.statusCode()).isEqualTo(400);
            assertThat(badJson.body()).startsWith("{\"detail\":");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).isEqualTo("{\"detail\":\"Not Found\"}");
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
            assertThat(head.statusCode()).isEqualTo(405);
            assertThat(head.body()).isEmpty();
            assertThat(http.post("/predict", "{\"input\": 3}").body()).isEqualTo("{\"output\":9.0}");
        }
    }

    @Test
    void limitsKeysAndGzipHoldOverHttp2() throws Exception {
        TestCertificate cert = TestCertificate.create(dir);
        LitServerBuilder builder = Servers.local().api(new Square()).maxPayloadSize(64).environment(
                Map.of("LIT_SERVER_API_KEY", "secret"));
        try (LitServer server = start(builder, cert)) {
            Http http = cert.http(server.port(), HttpClient.Version.HTTP_2);
            HttpRequest.Builder predict = http.request("/predict").header("Content-Type", "application/json");

            HttpResponse<String> noKey = http.send(predict.copy().POST(HttpRequest.BodyPublishers.ofString("{\"input\": 2}")).build());
            HttpResponse<String> tooLarge = http.send(predict.copy().header("X-API-Key", "secret")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"input\": 2, \"pad\": \"" + "x".repeat(500) + "\"}")).build());
            HttpResponse<String> fine = http.send(predict.copy().header("X-API-Key", "secret")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"input\": 2}")).build());
            HttpResponse<byte[]> docs = http.send(http.request("/openapi.json").header("Accept-Encoding", "gzip").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(noKey.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(noKey.statusCode()).isEqualTo(401);
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(tooLarge.body()).isEqualTo("{\"detail\":\"Payload too large\"}");
            assertThat(fine.body()).isEqualTo("{\"output\":4.0}");
            assertThat(docs.headers().firstValue("Content-Encoding")).hasValue("gzip");
            try (InputStream unzipped = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(docs.body()))) {
                assertThat(new String(unzipped.readAllBytes(), StandardCharsets.UTF_8)).startsWith("{\"openapi\":\"3.1");
            }
        }
    }

    @Test
    void duringADrainDelayAnHttp2StreamFinishesAndNewConnectionsAreServed() throws Exception {
        TestCertificate cert = TestCertificate.create(dir);
        Counting api = new Counting();
        LitServer server = start(Servers.local().api(api).stream(true).drainDelay(Duration.ofSeconds(2))
                .gracefulTimeout(Duration.ofSeconds(10)), cert);
        try {
            Http http = cert.http(server.port(), HttpClient.Version.HTTP_2);
            HttpResponse<InputStream> response = http.send(http.postRequest("/predict", "{\"n\": 2, \"hold\": true}"),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                assertThat(lines.readLine()).isEqualTo("{\"output\":0}");
                server.stop(); // the drain delay begins: the connection is to close once its stream has ended
                api.release.countDown();
                assertThat(lines.readLine()).isEqualTo("{\"output\":1}");
                assertThat(lines.readLine()).isNull();
            }
            // Within the 2 s delay, on a connection of its own: one sent on the old connection at the moment
            // its GOAWAY comes is retried by a client that follows RFC 9113, but the JDK's before 17.0.17 fails it.
            Http fresh = cert.http(server.port(), HttpClient.Version.HTTP_2);
            HttpResponse<String> later = fresh.post("/predict", "{\"n\": 1}");

            assertThat(later.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(later.body()).isEqualTo("{\"output\":0}\n");
            assertThat(fresh.get("/readyz").statusCode()).isEqualTo(503);
            assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(server.stoppedCleanly()).isTrue();
        } finally {
            server.close();
        }
    }

    /** Emits until the client is gone, then counts down {@code cancelled}. */
    static final class Endless implements LitApi<Map<String, Object>, Map<String, Object>> {
        final CountDownLatch cancelled = new CountDownLatch(1);

        @Override
        public void predictStream(Map<String, Object> in, RequestContext ctx, Emitter<Map<String, Object>> out)
                throws Exception {
            try {
                for (int i = 0; ; i++) {
                    out.emit(Map.of("output", i));
                    Thread.sleep(5); // a model's pace: not a wait for the test
                }
            } catch (java.util.concurrent.CancellationException gone) {
                cancelled.countDown();
                throw gone;
            }
        }
    }

    @Test
    void anHttp2ClientThatCancelsItsStreamStopsTheGeneration() throws Exception {
        TestCertificate cert = TestCertificate.create(dir);
        Endless api = new Endless();
        try (LitServer server = start(Servers.local().api(api).stream(true), cert)) {
            Http http = cert.http(server.port(), HttpClient.Version.HTTP_2);
            HttpResponse<InputStream> response = http.send(http.postRequest("/predict", "{}"),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                assertThat(lines.readLine()).isEqualTo("{\"output\":0}");
            } // closing the body resets the stream (RST_STREAM), not the connection

            assertThat(api.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(http.post("/health", "").statusCode()).isEqualTo(405); // the connection still serves
        }
    }

    @Test
    void theHeadTimeoutBoundsTheHandshakeAndAnHttp11HeadOverTls() throws Exception {
        TestCertificate cert = TestCertificate.create(dir);
        try (LitServer server = start(Servers.local().api(new Square()).headTimeout(Duration.ofMillis(500)), cert)) {
            try (java.net.Socket silent = new java.net.Socket("127.0.0.1", server.port())) {
                silent.setSoTimeout(10_000);
                assertThat(silent.getInputStream().read()).as("closed without a handshake").isEqualTo(-1);
            }
            try (javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) cert.trusting().getSocketFactory()
                    .createSocket("127.0.0.1", server.port())) {
                tls.setSoTimeout(10_000);
                tls.startHandshake(); // no ALPN: HTTP/1.1
                tls.getOutputStream().write("POST /predict HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                tls.getOutputStream().flush();
                String answer = new String(tls.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(answer).startsWith("HTTP/1.1 408 ").contains("Request head not received within 0.5 s");
            }
        }
    }

    /**
     * The JDK's client waits to send its whole body before it reads an answer, so this test speaks
     * HTTP/2 through Netty's own client: the HEADERS and a first DATA frame, then nothing.
     */
    @Test
    void anHttp2BodyThatStallsGets408AndTheConnectionServesOn() throws Exception {
        TestCertificate cert = TestCertificate.create(dir);
        try (LitServer server = start(Servers.local().api(new Square()).bodyIdleTimeout(Duration.ofMillis(500)), cert)) {
            io.netty.handler.ssl.SslContext client = io.netty.handler.ssl.SslContextBuilder.forClient()
                    .trustManager(cert.authority().toTrustManagerFactory())
                    .applicationProtocolConfig(new io.netty.handler.ssl.ApplicationProtocolConfig(
                            io.netty.handler.ssl.ApplicationProtocolConfig.Protocol.ALPN,
                            io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, "h2"))
                    .build();
            io.netty.channel.EventLoopGroup group = new io.netty.channel.MultiThreadIoEventLoopGroup(1,
                    io.netty.channel.nio.NioIoHandler.newFactory());
            try {
                io.netty.channel.Channel connection = new io.netty.bootstrap.Bootstrap().group(group)
                        .channel(io.netty.channel.socket.nio.NioSocketChannel.class)
                        .handler(new io.netty.channel.ChannelInitializer<io.netty.channel.Channel>() {
                            @Override
                            protected void initChannel(io.netty.channel.Channel ch) {
                                ch.pipeline().addLast(client.newHandler(ch.alloc(), "127.0.0.1", server.port()),
                                        io.netty.handler.codec.http2.Http2FrameCodecBuilder.forClient().build(),
                                        new io.netty.handler.codec.http2.Http2MultiplexHandler(
                                                new io.netty.channel.ChannelInboundHandlerAdapter()));
                            }
                        }).connect("127.0.0.1", server.port()).sync().channel();
                java.util.concurrent.CompletableFuture<String> answer = new java.util.concurrent.CompletableFuture<>();
                StringBuilder body = new StringBuilder();
                io.netty.handler.codec.http2.Http2StreamChannel stream =
                        new io.netty.handler.codec.http2.Http2StreamChannelBootstrap(connection)
                        .handler(new io.netty.channel.SimpleChannelInboundHandler<io.netty.handler.codec.http2.Http2StreamFrame>() {
                            private String status;

                            @Override
                            protected void channelRead0(io.netty.channel.ChannelHandlerContext ctx,
                                    io.netty.handler.codec.http2.Http2StreamFrame frame) {
                                boolean end = false;
                                if (frame instanceof io.netty.handler.codec.http2.Http2HeadersFrame) {
                                    var headers = (io.netty.handler.codec.http2.Http2HeadersFrame) frame;
                                    status = String.valueOf(headers.headers().status());
                                    end = headers.isEndStream();
                                } else if (frame instanceof io.netty.handler.codec.http2.Http2DataFrame) {
                                    var data = (io.netty.handler.codec.http2.Http2DataFrame) frame;
                                    body.append(data.content().toString(StandardCharsets.UTF_8));
                                    end = data.isEndStream();
                                }
                                if (end) {
                                    answer.complete(status + " " + body);
                                }
                            }
                        }).open().sync().getNow();
                io.netty.handler.codec.http2.Http2Headers head = new io.netty.handler.codec.http2.DefaultHttp2Headers()
                        .method("POST").path("/predict").scheme("https").authority("127.0.0.1:" + server.port());
                head.set("content-type", "application/json");
                stream.write(new io.netty.handler.codec.http2.DefaultHttp2HeadersFrame(head, false));
                stream.writeAndFlush(new io.netty.handler.codec.http2.DefaultHttp2DataFrame(
                        io.netty.buffer.Unpooled.copiedBuffer("{\"input\": ", StandardCharsets.UTF_8), false));

                assertThat(answer.get(10, TimeUnit.SECONDS))
                        .isEqualTo("408 {\"detail\":\"Request body stalled: no data for 0.5 s\"}");
                connection.close().sync();
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            }
            assertThat(cert.http(server.port(), HttpClient.Version.HTTP_2).post("/predict", "{\"input\": 2}").body())
                    .isEqualTo("{\"output\":4.0}");
        }
    }

    @Test
    void theManagementPortServesTlsToo() {
        TestCertificate cert = TestCertificate.create(dir);
        try (LitServer server = start(Servers.local().api(new Square()).managementPort(0), cert)) {
            HttpResponse<String> metrics = cert.http(server.managementPort(), HttpClient.Version.HTTP_2).get("/metrics");

            assertThat(metrics.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("litserve4j_connections_open");
        }
    }

    @Test
    void anHttp2AnswerCarriesNoConnectionHeaders() {
        TestCertificate cert = TestCertificate.create(dir);
        try (LitServer server = start(Servers.local().api(new Counting()).stream(true), cert)) {
            HttpResponse<String> response = cert.http(server.port(), HttpClient.Version.HTTP_2)
                    .post("/predict", "{\"n\": 3}");

            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.body()).isEqualTo("{\"output\":0}\n{\"output\":1}\n{\"output\":2}\n");
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
            assertThat(response.headers().map()).doesNotContainKeys("connection", "transfer-encoding", "keep-alive");
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void streamChunksArriveWhileTheStreamIsStillOpen(HttpClient.Version version) throws Exception {
        TestCertificate cert = TestCertificate.create(dir);
        Counting api = new Counting();
        try (LitServer server = start(Servers.local().api(api).stream(true), cert)) {
            Http http = cert.http(server.port(), version);
            HttpResponse<InputStream> response = http.send(http.postRequest("/predict", "{\"n\": 3, \"hold\": true}"),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                assertThat(response.version()).isEqualTo(version);
                assertThat(lines.readLine()).isEqualTo("{\"output\":0}"); // before the API was let go on
                api.release.countDown();
                assertThat(lines.readLine()).isEqualTo("{\"output\":1}");
                assertThat(lines.readLine()).isEqualTo("{\"output\":2}");
                assertThat(lines.readLine()).isNull();
            }
        }
    }

    @Test
    void anOpenAiChatStreamIsServerSentEventsOverHttp2() {
        TestCertificate cert = TestCertificate.create(dir);
        try (LitServer server = start(Servers.local().api(new Words()), cert)) {
            HttpResponse<String> response = cert.http(server.port(), HttpClient.Version.HTTP_2).post(
                    "/v1/chat/completions", "{\"model\": \"w\", \"stream\": true, \"messages\": "
                            + "[{\"role\": \"user\", \"content\": \"lit serve\"}]}");

            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(response.body()).contains("\"content\":\"lit \"").contains("\"content\":\"serve \"")
                    .endsWith("data: [DONE]\n\n");
        }
    }

    static final class Sampled implements LitApi<Map<String, Object>, Map<String, Object>> {
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public Map<String, Object> predict(Map<String, Object> request) {
            calls.incrementAndGet();
            return Map.of("output", request.get("input"));
        }

        @Override
        public List<Object> sampleRequests() {
            return List.of(Map.of("input", 1));
        }
    }

    @Test
    void theWarmUpReachesTheApiOverTlsBeforeTheServerIsReady() {
        TestCertificate cert = TestCertificate.create(dir);
        Sampled api = new Sampled();
        try (LitServer server = start(Servers.local().api(api).warmupRequests(20), cert)) {
            assertThat(api.calls.get()).isEqualTo(20);
            Http http = cert.http(server.port(), HttpClient.Version.HTTP_2);
            assertThat(http.get("/readyz").statusCode()).isEqualTo(200);
            assertThat(http.post("/predict", "{\"input\": 2}").body()).isEqualTo("{\"output\":2}");
        }
    }

    @Test
    void theShutdownRouteStopsTheServerOverHttp2() throws Exception {
        TestCertificate cert = TestCertificate.create(dir);
        LitServer server = start(Servers.local().api(new Square()).enableShutdownApi(true).shutdownApiKey("k"), cert);
        try {
            Http http = cert.http(server.port(), HttpClient.Version.HTTP_2);
            HttpRequest.Builder shutdown = http.request("/shutdown").POST(HttpRequest.BodyPublishers.noBody());

            HttpResponse<String> refused = http.send(shutdown.copy().header("Authorization", "Bearer wrong").build());
            HttpResponse<String> accepted = http.send(shutdown.copy().header("Authorization", "Bearer k").build());

            assertThat(refused.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(accepted.body()).isEqualTo("Server is initiating graceful shutdown.");
            assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(server.stoppedCleanly()).isTrue();
        } finally {
            server.close();
        }
    }

    @Test
    void aStopLetsAnHttp2StreamUnderWayFinishAndThenEnds() throws Exception {
        TestCertificate cert = TestCertificate.create(dir);
        Counting api = new Counting();
        LitServer server = start(Servers.local().api(api).stream(true).gracefulTimeout(Duration.ofSeconds(10)), cert);
        try {
            Http http = cert.http(server.port(), HttpClient.Version.HTTP_2);
            HttpResponse<InputStream> response = http.send(http.postRequest("/predict", "{\"n\": 3, \"hold\": true}"),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                assertThat(lines.readLine()).isEqualTo("{\"output\":0}");
                server.stop();
                assertThat(server.awaitTermination(Duration.ofMillis(300))).isFalse(); // it waits for the stream
                api.release.countDown();
                assertThat(lines.readLine()).isEqualTo("{\"output\":1}");
                assertThat(lines.readLine()).isEqualTo("{\"output\":2}");
                assertThat(lines.readLine()).isNull();
            }
            assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(server.stoppedCleanly()).isTrue();
        } finally {
            server.close();
        }
    }
}
