package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A stream whose head promised keep-alive before the stop began, and that ends during the drain: the
 * client may reuse its connection at once, so the drain must not close it under that next request.
 */
class DrainKeepAliveIT {

    /** Emits one chunk, then waits for the test before its last. */
    static final class Paused implements LitApi<Map<String, Object>, Map<String, Object>> {
        final CountDownLatch resume = new CountDownLatch(1);

        @Override
        public void predictStream(Map<String, Object> input, RequestContext context, Emitter<Map<String, Object>> emitter)
                throws Exception {
            emitter.emit(Map.of("part", 1));
            resume.await(20, TimeUnit.SECONDS);
            emitter.emit(Map.of("part", 2));
        }
    }

    /** Holds {@code /hold} requests until released, so the drain lasts as long as the test needs. */
    static final class Hold implements LitApi<Map<String, Object>, Map<String, Object>> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Map<String, Object> predict(Map<String, Object> input) throws InterruptedException {
            if (input.containsKey("hold")) {
                entered.countDown();
                release.await(20, TimeUnit.SECONDS);
            }
            return Map.of("output", "done");
        }
    }

    @Test
    void aStreamBegunBeforeTheStopLeavesItsConnectionOpenForTheNextRequestDuringTheDrain() throws Exception {
        Paused stream = new Paused();
        Hold hold = new Hold();
        LitServer server = Servers.local().api(stream, ApiOptions.path("/stream").stream(true))
                .api(hold, ApiOptions.path("/hold").workersPerDevice(2)).drainDelay(Duration.ofMillis(300))
                .gracefulTimeout(Duration.ofSeconds(15)).build().start();
        try (Socket pooled = new Socket()) {
            pooled.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            pooled.setSoTimeout(10_000);
            InputStream in = pooled.getInputStream();
            OutputStream out = pooled.getOutputStream();
            send(out, "/stream");
            String head = readUntil(in, "{\"part\":1}");
            assertThat(head).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("connection: close");
            CompletableFuture<HttpResponse<String>> held = new Http(server.port()).postAsync("/hold", "{\"hold\": true}");
            assertThat(hold.entered.await(10, TimeUnit.SECONDS)).isTrue();

            server.stop();
            await().atMost(Duration.ofSeconds(5)).until(() -> refuses(server.port())); // the drain has begun
            stream.resume.countDown();
            readUntil(in, "\r\n0\r\n\r\n"); // the stream's end, on a connection kept alive

            send(out, "/hold");
            String next = readUntil(in, "{\"output\":\"done\"}");
            assertThat(next).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close");
            assertThat(in.read()).as("closed after that answer").isEqualTo(-1);
            hold.release.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(server.awaitTermination(Duration.ofSeconds(14))).isTrue();
            assertThat(server.stoppedCleanly()).isTrue();
        } finally {
            stream.resume.countDown();
            hold.release.countDown();
            server.close();
        }
    }

    private static void send(OutputStream out, String path) throws IOException {
        String body = "{\"input\": 1}";
        out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads until {@code marker} has arrived (bounded by the socket's timeout); returns what was read. */
    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (!read.toString(StandardCharsets.UTF_8).contains(marker)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before '" + marker + "'; read: " + read.toString(StandardCharsets.UTF_8));
            }
            read.write(b);
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    private static boolean refuses(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return false;
        } catch (IOException refused) {
            return true;
        }
    }
}
