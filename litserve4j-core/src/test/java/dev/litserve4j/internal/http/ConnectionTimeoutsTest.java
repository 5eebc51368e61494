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
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection deadlines, driven by an injected clock on an {@link EmbeddedChannel} carrying the
 * real pipeline: the test calls the watchdog's check with the time it chooses.
 */
class ConnectionTimeoutsTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final ConnectionLimits limits = new ConnectionLimits(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(30), 100, 0, 0);
    private final ConnectionTimeouts timeouts = new ConnectionTimeouts(limits, new RequestCounters(),
            new ConnectionWatchdog.Registry(System::nanoTime));
    private final Routing routing = new Routing(new Router()
            .add(new Route("/health", Set.of(HttpMethod.GET), false, e -> e.sendText(200, "ok")))
            .add(new Route("/predict", Set.of(HttpMethod.POST), false, true, e -> e.sendJson(200, e.bodyBytes())))
            .add(new Route("/hold", Set.of(HttpMethod.POST), false, true, e -> { })),
            List.of(), null, new JsonCodec(), new Connections(100), limits, 1024, new RequestCounters());
    private final EmbeddedChannel channel = new EmbeddedChannel(new ServerCodec(timeouts, BodyPacerTest.unpaced()),
            timeouts.messages(), new RequestGate(routing, BodyBufferBudget.unlimited()), new PayloadLimitAggregator(1024), new RequestHandler(routing));
    private long now = 1_000 * SECOND;

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    /** Lets {@code nanosLater} pass, the watchdog checking at each of its ticks as it does on a real loop. */
    private void at(long nanosLater) {
        long tick = TimeUnit.MILLISECONDS.toNanos(ConnectionWatchdog.TICK_MILLIS);
        long end = now + nanosLater;
        do {
            now = Math.min(end, now + tick);
            RequestHandler handler = channel.pipeline().get(RequestHandler.class);
            if (channel.isOpen()) {
                timeouts.check(now, handler == null || handler.isIdle(), !channel.config().isAutoRead());
            }
        } while (now < end);
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
    void aHeadThatDoesNotArriveInTimeIsAnswered408AndTheConnectionCloses() {
        at(0);
        send("POST /predict HTTP/1.1\r\nHost: x\r\n");
        at(9 * SECOND);
        assertThat(written()).isEmpty();
        at(2 * SECOND);
        String answer = written();
        assertThat(answer).startsWith("HTTP/1.1 408").containsIgnoringCase("Connection: close")
                .contains("{\"detail\":\"Request head not received within 10 s");
        channel.advanceTimeBy(Lingering.LINGER_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aNewConnectionThatSendsNothingOwesItsHeadFromTheStart() {
        at(0);
        at(11 * SECOND);
        assertThat(written()).startsWith("HTTP/1.1 408");
    }

    @Test
    void aBodyThatStallsIsAnswered408WhileOneThatTricklesIsNot() {
        at(0);
        send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\"");
        at(20 * SECOND);
        send(": 1"); // still arriving
        at(20 * SECOND);
        assertThat(written()).isEmpty();
        at(11 * SECOND);
        assertThat(written()).startsWith("HTTP/1.1 408").contains("Request body stalled: no data for 30 s");
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedSilentlyAfterTheIdleTimeout() {
        at(0);
        send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(written()).startsWith("HTTP/1.1 200");
        at(SECOND);
        at(59 * SECOND);
        assertThat(channel.isOpen()).isTrue();
        at(2 * SECOND);
        assertThat(written()).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aKeepAliveConnectionOwesItsNextHeadOnlyFromItsFirstByte() {
        at(0);
        send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        written();
        at(50 * SECOND); // idle, not yet past the idle timeout
        send("GET /hea");
        at(9 * SECOND);
        assertThat(channel.isOpen()).isTrue();
        assertThat(written()).isEmpty();
        at(2 * SECOND);
        assertThat(written()).startsWith("HTTP/1.1 408");
    }

    @Test
    void aConnectionWaitingForItsAnswerIsNotClosedAsIdle() {
        at(0);
        send("POST /hold HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"); // never answered
        at(SECOND);
        at(120 * SECOND);
        assertThat(channel.isOpen()).isTrue();
        assertThat(written()).isEmpty();
    }
}
