package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.LogCapture;
import dev.litserve4j.testing.Servers;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An honest stop: it ends within the graceful timeout, teardown included, and says it was not clean
 * (so the launcher exits 1) whenever an answer was cut.
 */
class StopAccountingIT {

    /** Holds teardown until released: a model that will not let go of its resources in time. */
    static final class StuckTeardown implements LitApi<Map<String, Object>, Map<String, Object>> {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch tearingDown = new CountDownLatch(1);

        @Override
        public Map<String, Object> predict(Map<String, Object> request) {
            return request;
        }

        @Override
        public void teardown() throws InterruptedException {
            tearingDown.countDown();
            release.await(30, TimeUnit.SECONDS);
        }
    }

    /** Holds onServerEnd until released: a callback that flushes its metrics to a host that is gone. */
    static final class StuckServerEnd implements Callback {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch ending = new CountDownLatch(1);

        @Override
        public void onServerEnd(LitServer server) {
            ending.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Streams chunks as fast as its client takes them, until it leaves or is cut. */
    static final class Firehose implements LitApi<Map<String, Object>, Object> {
        final CountDownLatch streaming = new CountDownLatch(1);
        final AtomicInteger emitted = new AtomicInteger();

        @Override
        public void predictStream(Map<String, Object> in, RequestContext ctx, Emitter<Object> out)
                throws InterruptedException {
            String chunk = "x".repeat(4096);
            while (!out.isCancelled()) {
                out.emit(Map.of("chunk", chunk));
                if (emitted.incrementAndGet() == 1) {
                    streaming.countDown();
                }
            }
        }
    }

    @Test
    void aTeardownThatOverrunsDoesNotHoldTheStopPastItsDeadlineAndMakesItUnclean() throws Exception {
        StuckTeardown api = new StuckTeardown();
        LitServer server = Servers.local().api(api).gracefulTimeout(Duration.ofMillis(500)).build().start();
        try {
            assertThat(new Http(server.port()).post("/predict", "{\"a\":1}").statusCode()).isEqualTo(200);
            server.stop();
            // Bounded well inside the 30 s the teardown would otherwise take.
            assertThat(server.awaitTermination(Duration.ofSeconds(5))).isTrue();
            assertThat(api.tearingDown.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(server.stoppedCleanly()).isFalse();
        } finally {
            api.release.countDown();
            server.close();
        }
    }

    @Test
    void anOnServerEndThatBlocksDoesNotHoldTheStopPastItsDeadlineAndMakesItUnclean() throws Exception {
        StuckTeardown api = new StuckTeardown();
        api.release.countDown(); // teardown returns at once: only the callback overruns
        StuckServerEnd callback = new StuckServerEnd();
        try (LogCapture log = new LogCapture()) {
            LitServer server = Servers.local().api(api).callbacks(callback).gracefulTimeout(Duration.ofMillis(500))
                    .build().start();
            try {
                assertThat(new Http(server.port()).post("/predict", "{\"a\":1}").statusCode()).isEqualTo(200);
                server.stop();
                // The 500 ms deadline plus a margin, well inside the 30 s the callback would otherwise hold it.
                assertThat(server.awaitTermination(Duration.ofMillis(500 + 2500))).isTrue();
                assertThat(callback.ending.getCount()).isZero();
                assertThat(server.stoppedCleanly()).isFalse();
                assertThat(log.text()).contains("onServerEnd callbacks did not return within the graceful timeout");
            } finally {
                callback.release.countDown();
                server.close();
            }
        }
    }

    @Test
    void aStreamToAReaderThatStoppedReadingIsCutAtTheDeadlineAndMakesTheStopUnclean() throws Exception {
        Firehose api = new Firehose();
        LitServer server = Servers.local().api(api).stream(true).gracefulTimeout(Duration.ofMillis(500))
                .build().start();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(api.streaming.await(10, TimeUnit.SECONDS)).isTrue();
            // The client reads nothing more; the stream fills the buffers and waits for it.
            server.stop();
            assertThat(server.awaitTermination(Duration.ofSeconds(5))).isTrue();
            assertThat(server.stoppedCleanly()).isFalse();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[65536];
            while (in.read(buf) >= 0) {
                // drain what was sent before the cut; the server closed the connection when it stopped
            }
        } finally {
            server.close();
        }
    }

    @Test
    void aStopWithEveryAnswerCompleteIsClean() throws Exception {
        StuckTeardown api = new StuckTeardown();
        api.release.countDown(); // its teardown returns at once
        StuckServerEnd callback = new StuckServerEnd();
        callback.release.countDown(); // and so does onServerEnd
        LitServer server = Servers.local().api(api).callbacks(callback).gracefulTimeout(Duration.ofSeconds(5))
                .build().start();
        assertThat(new Http(server.port()).post("/predict", "{\"a\":1}").statusCode()).isEqualTo(200);
        server.stop();
        assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(callback.ending.getCount()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(1)).until(server::stoppedCleanly);
    }
}
