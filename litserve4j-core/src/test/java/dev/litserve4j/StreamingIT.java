package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Streaming APIs: NDJSON on the wire, errors as a last line, cancellation and backpressure. */
class StreamingIT {

    /** {@code {"n": k}} streams {@code {"output": i}}; {@code "fail_at"} throws there; {@code "text"} streams strings. */
    static final class Counting implements LitApi<Map<String, Object>, Object> {
        @Override
        public void predictStream(Map<String, Object> in, RequestContext ctx, Emitter<Object> out) throws Exception {
            if (in.containsKey("text")) {
                for (String word : ((String) in.get("text")).split("(?<= )")) {
                    out.emit(word);
                }
                return;
            }
            int n = ((Number) in.get("n")).intValue();
            int failAt = ((Number) in.getOrDefault("fail_at", -1)).intValue();
            for (int i = 0; i < n; i++) {
                if (i == failAt) {
                    if (Boolean.TRUE.equals(in.get("crash"))) {
                        throw new IllegalStateException("crashed mid-stream");
                    }
                    throw new HttpError(503, "boom");
                }
                out.emit(Map.of("output", i));
            }
        }
    }

    private static LitServerBuilder streaming(LitApi<?, ?> api) {
        return Servers.local().api(api).stream(true);
    }

    @Test
    void chunksArriveAsNdjsonLinesInOrder() {
        try (LitServer server = streaming(new Counting()).build().start()) {
            HttpResponse<String> response = new Http(server.port()).post("/predict", "{\"n\": 3}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
            assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
            assertThat(response.body()).isEqualTo("{\"output\":0}\n{\"output\":1}\n{\"output\":2}\n");
        }
    }

    @Test
    void stringChunksAreSentAsTheyAre() {
        try (LitServer server = streaming(new Counting()).build().start()) {
            HttpResponse<String> response = new Http(server.port()).post("/predict", "{\"text\": \"lit serve streams\"}");
            assertThat(response.body()).isEqualTo("lit serve streams");
        }
    }

    @Test
    void anEmptyStreamIsA200WithAnEmptyBody() {
        try (LitServer server = streaming(new Counting()).build().start()) {
            HttpResponse<String> response = new Http(server.port()).post("/predict", "{\"n\": 0}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEmpty();
        }
    }

    @Test
    void errorInTheMiddleEndsTheStreamWithAnErrorLine() {
        try (LitServer server = streaming(new Counting()).build().start()) {
            Http http = new Http(server.port());
            assertThat(http.post("/predict", "{\"n\": 5, \"fail_at\": 2}").body()).isEqualTo(
                    "{\"output\":0}\n{\"output\":1}\n{\"error\":{\"status\":503,\"detail\":\"boom\"}}\n");
            assertThat(http.post("/predict", "{\"n\": 5, \"fail_at\": 1, \"crash\": true}").body()).isEqualTo(
                    "{\"output\":0}\n{\"error\":{\"status\":500,\"detail\":\"Internal server error\"}}\n");
            assertThat(http.post("/predict", "{\"n\": 1}").body()).isEqualTo("{\"output\":0}\n");
        }
    }

    @Test
    void errorBeforeTheFirstChunkIsAnOrdinaryErrorResponse() {
        try (LitServer server = streaming(new Counting()).build().start()) {
            Http http = new Http(server.port());
            HttpResponse<String> failedAtOnce = http.post("/predict", "{\"n\": 5, \"fail_at\": 0}");
            assertThat(failedAtOnce.statusCode()).isEqualTo(503);
            assertThat(failedAtOnce.body()).isEqualTo("{\"detail\":\"boom\"}");
            HttpResponse<String> badJson = http.post("/predict", "{\"n\": ");
            assertThat(badJson.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void payloadOverTheLimitIs413OnAStreamingEndpointToo() {
        try (LitServer server = streaming(new Counting()).maxPayloadSize(64).build().start()) {
            HttpResponse<String> response = new Http(server.port()).post("/predict",
                    "{\"n\": 1, \"pad\": \"" + "x".repeat(500) + "\"}");
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.body()).isEqualTo("{\"detail\":\"Payload too large\"}");
        }
    }

    @Test
    void streamsAreNeverGzipped() {
        try (LitServer server = streaming(new Counting()).build().start()) {
            Http http = new Http(server.port());
            HttpResponse<String> response = http.send(http.request("/predict").header("Accept-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\": 200}")).build());
            assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(response.body().lines().count()).isEqualTo(200);
        }
    }

    /** Emits until stopped; records how it ended. */
    static final class Endless implements LitApi<Map<String, Object>, Map<String, Object>> {
        final AtomicInteger emitted = new AtomicInteger();
        final CountDownLatch cancelled = new CountDownLatch(1);
        final AtomicInteger emittedWhenCancelled = new AtomicInteger(-1);

        @Override
        public void predictStream(Map<String, Object> in, RequestContext ctx, Emitter<Map<String, Object>> out)
                throws InterruptedException {
            try {
                for (int i = 0; i < 10_000_000; i++) {
                    out.emit(Map.of("output", i));
                    emitted.incrementAndGet();
                }
            } catch (CancellationException e) {
                emittedWhenCancelled.set(emitted.get());
                cancelled.countDown();
                throw e;
            }
        }
    }

    @Test
    void clientDisconnectStopsTheGenerationAtItsNextChunk() throws Exception {
        Endless api = new Endless();
        try (LitServer server = streaming(api).build().start()) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                post(socket.getOutputStream(), "{}");
                BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                assertThat(reader.readLine()).startsWith("HTTP/1.1 200");
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.emitted.get() > 10);
            }
            assertThat(api.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
            int atCancel = api.emittedWhenCancelled.get();
            assertThat(api.emitted.get()).isEqualTo(atCancel); // nothing was generated after the cancellation
            // The worker is free again.
            assertThat(new Http(server.port()).get("/health").statusCode()).isEqualTo(200);
        }
    }

    /**
     * 1000 chunks of 32 KB (32 MB), counting how many were handed to the server. Chunks this large make
     * the bound visible above the kernel's own socket buffers (a few MB on loopback), which no server
     * controls; what the server controls is its write buffer, 64 KB, about two chunks.
     */
    static final class Big implements LitApi<Map<String, Object>, String> {
        static final int CHUNKS = 1000;
        static final int PAD = 32 * 1024 - 11;
        final AtomicInteger produced = new AtomicInteger();
        final String pad = "x".repeat(PAD);

        @Override
        public void predictStream(Map<String, Object> in, RequestContext ctx, Emitter<String> out) throws InterruptedException {
            for (int i = 0; i < CHUNKS; i++) {
                out.emit(String.format("%010d", i) + pad + "\n");
                produced.incrementAndGet();
            }
        }
    }

    @Test
    void aSlowReaderHoldsTheProducerBackInsteadOfTheServerBufferingTheStream() throws Exception {
        Big api = new Big();
        try (LitServer server = streaming(api).build().start();
                Socket socket = new Socket()) {
            socket.setReceiveBufferSize(8 * 1024);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(10_000);
            post(socket.getOutputStream(), "{}");
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 1024);
            assertThat(reader.readLine()).startsWith("HTTP/1.1 200");

            // The client reads nothing more: the worker must end up parked, waiting for room.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> workerWaitsForRoom());
            int buffered = api.produced.get();
            assertThat(buffered).isLessThan(Big.CHUNKS / 4); // at most 8 MB of the 32 MB stream in flight

            // Now read everything: every chunk arrives, in order.
            int next = 0;
            for (String line = reader.readLine(); line != null && next < Big.CHUNKS; line = reader.readLine()) {
                if (line.length() > 1000) {
                    String number = line.substring(0, 10);
                    assertThat(Integer.parseInt(number)).isEqualTo(next++);
                }
            }
            assertThat(next).isEqualTo(Big.CHUNKS);
        }
    }

    private static boolean workerWaitsForRoom() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("litserve4j-Big-"))
                .anyMatch(e -> e.getKey().getState() == Thread.State.TIMED_WAITING
                        && java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().endsWith("StreamWriter")));
    }

    @Test
    void sixtyFourConcurrentStreamsAllCompleteWithEveryChunkInOrder() throws Exception {
        try (LitServer server = streaming(new Counting()).workersPerDevice(4).build().start()) {
            Http http = new Http(server.port());
            List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
            for (int s = 0; s < 64; s++) {
                streams.add(http.postAsync("/predict", "{\"n\": 50}"));
            }
            String expected = java.util.stream.IntStream.range(0, 50).mapToObj(i -> "{\"output\":" + i + "}\n")
                    .collect(Collectors.joining());
            for (CompletableFuture<HttpResponse<String>> stream : streams) {
                HttpResponse<String> response = stream.get(30, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(expected);
            }
        }
    }

    /** Batched streaming: each request of the batch receives only its own chunks. */
    static final class BatchedEcho implements LitApi<Map<String, Object>, Map<String, Object>> {
        // Chunks carry one field each: id * 10 + step.
        final List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void predictStreamBatch(List<Map<String, Object>> inputs, List<RequestContext> contexts,
                List<Emitter<Map<String, Object>>> emitters) throws InterruptedException {
            batchSizes.add(inputs.size());
            for (int step = 0; step < 3; step++) {
                for (int i = 0; i < inputs.size(); i++) {
                    emitters.get(i).emit(Map.of("output", ((Number) inputs.get(i).get("id")).intValue() * 10 + step));
                }
            }
        }
    }

    @Test
    void batchedStreamsGiveEachRequestItsOwnChunks() throws Exception {
        BatchedEcho api = new BatchedEcho();
        try (LitServer server = Servers.local()
                .api(api, ApiOptions.defaults().stream(true).maxBatchSize(4).batchTimeout(Duration.ofMillis(200)))
                .build().start()) {
            Http http = new Http(server.port());
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int id = 0; id < 4; id++) {
                answers.add(http.postAsync("/predict", "{\"id\": " + id + "}"));
            }
            for (int id = 0; id < 4; id++) {
                assertThat(answers.get(id).get(20, TimeUnit.SECONDS).body()).isEqualTo(
                        "{\"output\":" + (id * 10) + "}\n{\"output\":" + (id * 10 + 1) + "}\n{\"output\":" + (id * 10 + 2) + "}\n");
            }
            assertThat(api.batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
        }
    }

    @Test
    void aStreamInFlightAtShutdownCompletesAndOneCutByTheDeadlineEndsWithA503Line() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean released = new AtomicBoolean();
        LitApi<Map<String, Object>, Map<String, Object>> gated = new LitApi<>() {
            @Override
            public void predictStream(Map<String, Object> in, RequestContext ctx, Emitter<Map<String, Object>> out)
                    throws InterruptedException {
                out.emit(Map.of("output", "first"));
                if (Boolean.TRUE.equals(in.get("wait"))) {
                    released.set(release.await(30, TimeUnit.SECONDS));
                }
                out.emit(Map.of("output", "last"));
            }
        };
        LitServer server = streaming(gated).gracefulTimeout(Duration.ofMillis(300)).build().start();
        try {
            Http http = new Http(server.port());
            CompletableFuture<HttpResponse<String>> cut = http.postAsync("/predict", "{\"wait\": true}");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().startsWith("litserve4j-") && t.getState() == Thread.State.TIMED_WAITING
                            && t.getName().contains("worker")));
            server.stop();
            HttpResponse<String> response = cut.get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(
                    "{\"output\":\"first\"}\n{\"error\":{\"status\":503,\"detail\":\"Server is shutting down\"}}\n");
            assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(server.stoppedCleanly()).isFalse();
        } finally {
            release.countDown();
            server.close();
        }
    }

    @Test
    void errorAfterATextChunkWithoutALineEndStillGetsALineOfItsOwn() {
        LitApi<Map<String, Object>, Object> api = new LitApi<>() {
            @Override
            public void predictStream(Map<String, Object> in, RequestContext ctx, Emitter<Object> out)
                    throws InterruptedException {
                out.emit("partial text");
                throw new HttpError(500, "broke");
            }
        };
        try (LitServer server = streaming(api).build().start()) {
            assertThat(new Http(server.port()).post("/predict", "{}").body())
                    .isEqualTo("partial text\n{\"error\":{\"status\":500,\"detail\":\"broke\"}}\n");
        }
    }

    @Test
    void aCancellationThrownByTheApiItselfIsAnErrorNotAQuietEnd() {
        LitApi<Map<String, Object>, Object> api = new LitApi<>() {
            @Override
            public void predictStream(Map<String, Object> in, RequestContext ctx, Emitter<Object> out)
                    throws InterruptedException {
                out.emit(Map.of("output", 1));
                throw new CancellationException("a future of the API's own was cancelled");
            }
        };
        try (LitServer server = streaming(api).build().start()) {
            assertThat(new Http(server.port()).post("/predict", "{}").body())
                    .isEqualTo("{\"output\":1}\n{\"error\":{\"status\":500,\"detail\":\"Internal server error\"}}\n");
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedAfterTheStallTimeoutAndTheWorkerFreed() throws Exception {
        Endless api = new Endless();
        try (LitServer server = streaming(api).streamStallTimeout(Duration.ofMillis(500)).build().start();
                Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 5000);
            post(socket.getOutputStream(), "{}");
            // The client never reads: the stream fills every buffer, then stalls.
            assertThat(api.cancelled.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(new Http(server.port()).get("/health").statusCode()).isEqualTo(200);
        }
    }

    /** Batched: every input emits until its client leaves (or 100000 chunks). */
    static final class EndlessBatch implements LitApi<Map<String, Object>, Map<String, Object>> {
        final Map<Object, AtomicInteger> emitted = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void predictStream(Map<String, Object> in, RequestContext ctx, Emitter<Map<String, Object>> out)
                throws InterruptedException {
            AtomicInteger count = emitted.computeIfAbsent(in.get("id"), k -> new AtomicInteger());
            int limit = ((Number) in.get("n")).intValue();
            for (int i = 0; i < limit; i++) {
                out.emit(Map.of("output", i));
                count.incrementAndGet();
            }
        }
    }

    @Test
    void inABatchAClientThatLeavesStopsOnlyItsOwnGeneration() throws Exception {
        EndlessBatch api = new EndlessBatch();
        try (LitServer server = Servers.local()
                .api(api, ApiOptions.defaults().stream(true).maxBatchSize(2).batchTimeout(Duration.ofMillis(500)))
                .build().start()) {
            Http http = new Http(server.port());
            try (Socket leaving = new Socket("127.0.0.1", server.port())) {
                post(leaving.getOutputStream(), "{\"id\": \"gone\", \"n\": 100000000}");
                CompletableFuture<HttpResponse<String>> staying = http.postAsync("/predict", "{\"id\": \"stays\", \"n\": 3}");
                BufferedReader reader = new BufferedReader(new InputStreamReader(leaving.getInputStream(), StandardCharsets.UTF_8));
                assertThat(reader.readLine()).startsWith("HTTP/1.1 200");
                leaving.close();
                assertThat(staying.get(30, TimeUnit.SECONDS).body())
                        .isEqualTo("{\"output\":0}\n{\"output\":1}\n{\"output\":2}\n");
            }
            assertThat(api.emitted.get("gone").get()).isLessThan(100000000);
        }
    }

    private static void post(OutputStream out, String body) throws java.io.IOException {
        out.write(("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
