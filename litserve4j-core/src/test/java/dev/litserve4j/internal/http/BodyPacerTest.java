package dev.litserve4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.internal.config.ConnectionLimits;
import dev.litserve4j.internal.engine.RequestCounters;
import dev.litserve4j.internal.json.JsonCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's budget of body bytes a second, on an {@link EmbeddedChannel} carrying the real
 * pipeline: the budget's clock and the channel's scheduled tasks both run on time the test chooses.
 */
class BodyPacerTest {

    private static final int RATE = 1 << 20; // 1 MiB a second: 50 ms of burst is 52,429 bytes
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private long now = 1_000_000 * MILLI;
    private final BodyReadBudget budget = new BodyReadBudget(RATE, () -> now);
    private final ConnectionTimeouts timeouts = new ConnectionTimeouts(ConnectionLimits.defaults(),
            new RequestCounters(), new ConnectionWatchdog.Registry(System::nanoTime));
    private final Routing routing = new Routing(new Router()
            .add(new Route("/predict", Set.of(HttpMethod.POST), false, true,
                    e -> e.sendText(200, Integer.toString(e.bodyBytes().length)))),
            List.of(), null, new JsonCodec(), new Connections(10), ConnectionLimits.defaults(), 16 << 20,
            new RequestCounters());
    private final EmbeddedChannel channel = new EmbeddedChannel(new ServerCodec(timeouts, new BodyPacer(budget)),
            timeouts.messages(), new RequestGate(routing, BodyBufferBudget.unlimited()), new PayloadLimitAggregator(16 << 20),
            new RequestHandler(routing));

    BodyPacerTest() {
        // The channel's scheduler runs on its own clock only: advanceTimeBy moves it, real time does not
        // (on a busy machine, the milliseconds a test takes fired the pacer's wake-up early).
        channel.freezeTime();
        ReadSwitch.install(channel);
    }

    /** A pacer whose budget has no limit, for tests about other things. */
    static BodyPacer unpaced() {
        return new BodyPacer(new BodyReadBudget(0, System::nanoTime));
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private void sendBytes(int n) {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[n]));
    }

    private String written() {
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return out.toString();
    }

    @Test
    void smallRequestsAreNeverHeldBackHoweverManyArrive() {
        for (int i = 0; i < 2_000; i++) { // 2,000 x 1 KiB: twice the budget's second, all at one instant
            send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 1024\r\n\r\n");
            sendBytes(1024);
            assertThat(channel.config().isAutoRead()).isTrue();
            assertThat(written()).startsWith("HTTP/1.1 200").endsWith("1024");
        }
    }

    @Test
    void aLargeBodyIsReadFreelyForItsFirst64KiBAndABurstThenWaitsForTheBudget() {
        send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n");
        for (int i = 0; i < 8; i++) {
            sendBytes(8192); // 64 KiB: free
        }
        for (int i = 0; i < 5; i++) {
            // paid in advance by 8 KiB quanta: the head's bytes past the free part, then each read: 48 KiB
            sendBytes(8192);
        }
        assertThat(channel.config().isAutoRead()).as("within 50 ms of burst").isTrue();
        sendBytes(8192); // 56 KiB paid: 54.7 ms of budget, 4.7 ms over the burst
        assertThat(channel.config().isAutoRead()).isFalse();

        channel.advanceTimeBy(3, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.config().isAutoRead()).as("still within the wait").isFalse();
        now += 5 * MILLI;
        channel.advanceTimeBy(2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void aChunkedBodyIsPacedToo() {
        send("POST /predict HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 20 && channel.config().isAutoRead(); i++) {
            send("2000\r\n");
            sendBytes(8192);
            send("\r\n");
        }
        assertThat(channel.config().isAutoRead()).isFalse();
    }

    @Test
    void thePacedBodyIsStillAnsweredWhole() {
        int body = 1 << 20;
        send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: " + body + "\r\n\r\n");
        int sent = 0;
        int pauses = 0;
        while (sent < body) {
            if (!channel.config().isAutoRead()) {
                pauses++;
                now += 100 * MILLI;
                channel.advanceTimeBy(100, TimeUnit.MILLISECONDS);
                channel.runScheduledPendingTasks();
                assertThat(channel.config().isAutoRead()).isTrue();
            }
            sendBytes(8192);
            sent += 8192;
        }
        assertThat(pauses).as("about a second of budget, in waits of up to 50 ms").isGreaterThan(5);
        assertThat(written()).startsWith("HTTP/1.1 200").endsWith(Integer.toString(body));
    }

    @Test
    void aFastUploadPausesOncePerQuantumNotOncePerRead() {
        BodyReadBudget fast = new BodyReadBudget(128 << 20, () -> now); // 256 KiB quanta, 2 ms each
        ConnectionTimeouts own = new ConnectionTimeouts(ConnectionLimits.defaults(), new RequestCounters(),
                new ConnectionWatchdog.Registry(System::nanoTime));
        EmbeddedChannel upload = new EmbeddedChannel(new ServerCodec(own, new BodyPacer(fast)), own.messages(), new RequestGate(routing, BodyBufferBudget.unlimited()), new PayloadLimitAggregator(16 << 20),
                new RequestHandler(routing));
        ReadSwitch.install(upload);
        int body = 8 << 20;
        upload.writeInbound(Unpooled.copiedBuffer("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: " + body
                + "\r\n\r\n", StandardCharsets.ISO_8859_1));
        int pauses = 0;
        for (int sent = 0; sent < body; sent += 8192) {
            while (!upload.config().isAutoRead()) { // time passes exactly as long as the pacer waits
                long wait = upload.runScheduledPendingTasks();
                if (upload.config().isAutoRead()) {
                    break;
                }
                pauses++;
                now += wait;
                upload.advanceTimeBy(wait, TimeUnit.NANOSECONDS);
            }
            upload.writeInbound(Unpooled.wrappedBuffer(new byte[8192]));
        }
        assertThat(pauses).as("8 MiB at 128 MiB/s: 62 ms of budget, 50 of them burst, paid in 256 KiB quanta")
                .isBetween(1, (body >> 18) + 1);
        ByteBuf answer = upload.readOutbound();
        assertThat(answer.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
        answer.release();
        upload.finishAndReleaseAll();
    }

    @Test
    void theBudgetIsSharedSoTwoUploadsTogetherWaitAsLongAsOneOfTwiceTheSize() {
        BodyReadBudget shared = new BodyReadBudget(1000, () -> now);
        assertThat(shared.charge(50)).isZero(); // 50 ms of budget: the burst
        assertThat(shared.charge(50)).isEqualTo(50 * MILLI);
        assertThat(shared.charge(100)).isEqualTo(150 * MILLI);
        now += 300 * MILLI; // paid up to +200 ms: the budget is back within its burst
        assertThat(shared.charge(10)).isZero();
        now += 10_000 * MILLI; // idle time is not saved up beyond the burst
        assertThat(shared.charge(60)).isEqualTo(10 * MILLI);
    }

    @Test
    void whileAHoldIsOnTheReadsHandlersAskForThemselvesAreDropped() {
        int[] passed = {0};
        channel.pipeline().addFirst(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void read(io.netty.channel.ChannelHandlerContext ctx) {
                passed[0]++;
                ctx.read();
            }
        });
        ReadSwitch reads = ReadSwitch.of(channel);
        reads.hold(ReadSwitch.Hold.PACED);
        reads.hold(ReadSwitch.Hold.BACKLOG);
        channel.pipeline().read(); // as an aggregator halfway through a body does
        assertThat(passed[0]).isZero();
        reads.release(ReadSwitch.Hold.PACED);
        channel.pipeline().read();
        assertThat(passed[0]).as("the backlog still holds").isZero();
        assertThat(channel.config().isAutoRead()).isFalse();
        reads.release(ReadSwitch.Hold.BACKLOG);
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(passed[0]).as("autoRead on again reads").isPositive();
    }

    @Test
    void noLimitChargesNothing() {
        BodyReadBudget none = new BodyReadBudget(0, () -> now);
        assertThat(none.limited()).isFalse();
        assertThat(none.charge(Long.MAX_VALUE / 2)).isZero();
    }
}
