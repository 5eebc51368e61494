package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A client that leaves costs nothing: its queued request is never computed, and it is counted. */
class ClientGoneIT {

    /** Holds the first request in predict until released; counts every predict. */
    static final class Gated implements LitApi<Map<String, Object>, Map<String, Object>> {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger entered = new AtomicInteger();

        @Override
        public Map<String, Object> predict(Map<String, Object> request) throws InterruptedException {
            if (entered.incrementAndGet() == 1) {
                release.await(30, TimeUnit.SECONDS);
            }
            return request;
        }
    }

    @Test
    void aQueuedRequestWhoseClientLeftIsNeverComputed() throws Exception {
        Gated api = new Gated();
        AtomicInteger accepted = new AtomicInteger();
        Callback counting = new Callback() {
            @Override
            public void onRequest(LitServer server, Integer active) {
                accepted.incrementAndGet(); // fired on the event loop just before the request is queued
            }
        };
        try (LitServer server = Servers.local().api(api).callbacks(counting).build().start()) {
            Http http = new Http(server.port());
            CompletableFuture<HttpResponse<String>> first = http.postAsync("/predict", "{\"n\": 1}");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.entered.get() == 1);

            try (Socket leaving = new Socket("127.0.0.1", server.port())) {
                OutputStream out = leaving.getOutputStream();
                out.write(("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 8\r\n\r\n{\"n\": 2}").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> accepted.get() == 2);
            } // the client leaves while its request waits behind the first
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.counters().clientGoneCount() == 1);

            api.release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(http.post("/predict", "{\"n\": 3}").body()).isEqualTo("{\"n\":3}");
            assertThat(api.entered).hasValue(2); // the first and the third: never the one whose client left
        }
    }

    /** Answers with a body far larger than the socket buffers. */
    static final class Large implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> request) {
            return Map.of("output", "x".repeat(8 << 20));
        }
    }

    @Test
    void anAnswerItsClientNeverReadsIsCutAfterTheStallTimeoutAndTheRequestEnds() throws Exception {
        try (LitServer server = Servers.local().api(new Large()).streamStallTimeout(Duration.ofMillis(500))
                .build().start();
                Socket reader = new Socket()) {
            reader.setReceiveBufferSize(4096);
            reader.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 5000);
            OutputStream out = reader.getOutputStream();
            out.write(("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // The client reads nothing: the 8 MiB answer waits in the server's buffers until it is cut.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.counters().answersStalledCount() == 1);
            server.stop();
            assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(server.stoppedCleanly()).isTrue(); // the cut came before the stop, and nothing was in flight
        }
    }
}
