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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's budget of bytes held in bodies being read, shared by connections on
 * {@link EmbeddedChannel}s that carry the real pipeline.
 */
class BodyBufferBudgetTest {

    private static final int KIB = 1024;

    private final BodyBufferBudget budget = new BodyBufferBudget(300 * KIB);
    private final Routing routing = new Routing(new Router()
            .add(new Route("/predict", Set.of(HttpMethod.POST), false, true,
                    e -> e.sendText(200, Integer.toString(e.bodyBytes().length)))),
            List.of(), null, new JsonCodec(), new Connections(10), ConnectionLimits.defaults(), 1 << 20,
            new RequestCounters());
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void close() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private EmbeddedChannel connection() {
        return connection(budget);
    }

    private EmbeddedChannel connection(BodyBufferBudget budget) {
        ConnectionTimeouts timeouts = new ConnectionTimeouts(ConnectionLimits.defaults(), new RequestCounters(),
                new ConnectionWatchdog.Registry(System::nanoTime));
        EmbeddedChannel channel = new EmbeddedChannel(new ServerCodec(timeouts, BodyPacerTest.unpaced()),
                timeouts.messages(), new RequestGate(routing, budget), new PayloadLimitAggregator(1 << 20),
                new RequestHandler(routing));
        ReadSwitch.install(channel);
        channels.add(channel);
        return channel;
    }

    private static void startBody(EmbeddedChannel channel, int length) {
        channel.writeInbound(Unpooled.copiedBuffer("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: " + length
                + "\r\n\r\n", StandardCharsets.ISO_8859_1));
    }

    private static void sendKib(EmbeddedChannel channel, int kib) {
        for (int i = 0; i < kib / 8; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[8 * KIB]));
        }
    }

    private static String written(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return out.toString();
    }

    private static void sendChunkKib(EmbeddedChannel channel, int kib) {
        for (int i = 0; i < kib / 8; i++) {
            channel.writeInbound(Unpooled.copiedBuffer("2000\r\n", StandardCharsets.ISO_8859_1));
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[8 * KIB]));
            channel.writeInbound(Unpooled.copiedBuffer("\r\n", StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void aBodyThatWouldPassTheBudgetIsRefused503WhileTheOthersAreReadToTheEnd() {
        EmbeddedChannel first = connection();
        EmbeddedChannel second = connection();
        EmbeddedChannel third = connection();
        startBody(first, 200 * KIB);
        startBody(second, 200 * KIB);
        assertThat(budget.held()).as("a declared length is not taken ahead").isZero();
        sendKib(first, 176);
        sendKib(second, 176);
        assertThat(budget.held()).as("112 KiB past the free part of each").isEqualTo(224 * KIB);
        startBody(third, 200 * KIB);
        sendKib(third, 64 + 72); // 296 of 300
        assertThat(written(third)).isEmpty();
        sendKib(third, 8);
        assertThat(written(third)).startsWith("HTTP/1.1 503").contains("Retry-After: 1")
                .contains("{\"detail\":\"The server is reading too many large request bodies at once; retry later\"}");
        assertThat(third.pipeline().get(PayloadLimitAggregator.class)).as("its partial body dropped").isNull();
        assertThat(budget.held()).isEqualTo(224 * KIB);

        for (EmbeddedChannel c : List.of(first, second)) {
            sendKib(c, 24);
            assertThat(written(c)).startsWith("HTTP/1.1 200").endsWith(Integer.toString(200 * KIB));
        }
        assertThat(budget.held()).as("read whole: given back").isZero();
    }

    @Test
    void aChunkedBodyIsRefusedWhenItGrowsPastTheBudget() {
        EmbeddedChannel first = connection();
        EmbeddedChannel chunked = connection();
        startBody(first, 200 * KIB);
        sendKib(first, 176);
        chunked.writeInbound(Unpooled.copiedBuffer("POST /predict HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked"
                + "\r\n\r\n", StandardCharsets.ISO_8859_1));
        sendChunkKib(chunked, 64 + 184); // 112 + 184: 296 of 300
        assertThat(written(chunked)).isEmpty();
        assertThat(budget.held()).isEqualTo(296 * KIB);
        sendChunkKib(chunked, 8);

        assertThat(written(chunked)).startsWith("HTTP/1.1 503").contains("Retry-After: 1");
        assertThat(budget.held()).isEqualTo(112 * KIB);
        sendKib(first, 24);
        assertThat(written(first)).startsWith("HTTP/1.1 200");
        assertThat(budget.held()).isZero();
    }

    @Test
    void theRestOfABodyRefused413HoldsNoBudget() {
        BodyBufferBudget budget = new BodyBufferBudget(4 << 20); // more than the payload limit of 1 MiB
        EmbeddedChannel chunked = connection(budget);
        chunked.writeInbound(Unpooled.copiedBuffer("POST /predict HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked"
                + "\r\n\r\n", StandardCharsets.ISO_8859_1));
        sendChunkKib(chunked, 1024 + 8); // past the payload limit of 1 MiB
        String answer = written(chunked);
        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(budget.held()).isZero();
        sendChunkKib(chunked, 256); // the client goes on while the connection lingers
        assertThat(budget.held()).isZero();
        assertThat(written(chunked)).as("no second answer").isEmpty();
    }

    @Test
    void aConnectionThatEndsMidBodyGivesItsBytesBack() {
        EmbeddedChannel first = connection();
        first.writeInbound(Unpooled.copiedBuffer("POST /predict HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked"
                + "\r\n\r\n", StandardCharsets.ISO_8859_1));
        sendChunkKib(first, 160);
        assertThat(budget.held()).isEqualTo(96 * KIB);
        first.close();
        assertThat(budget.held()).isZero();
    }

    @Test
    void smallBodiesNeverTouchTheBudget() {
        EmbeddedChannel channel = connection();
        for (int i = 0; i < 100; i++) {
            startBody(channel, 64 * KIB);
            sendKib(channel, 64);
            assertThat(written(channel)).startsWith("HTTP/1.1 200");
        }
        assertThat(budget.held()).isZero();
    }
}
