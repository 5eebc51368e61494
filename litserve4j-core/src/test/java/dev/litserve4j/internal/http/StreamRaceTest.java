package dev.litserve4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litserve4j.HttpError;
import dev.litserve4j.Middleware;
import dev.litserve4j.internal.config.ConnectionLimits;
import dev.litserve4j.internal.engine.ClientGoneException;
import dev.litserve4j.internal.engine.RequestCounters;
import dev.litserve4j.internal.engine.RequestState;
import dev.litserve4j.internal.json.JsonCodec;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The races between a stream's worker, the request timeout, the client leaving and the shutdown
 * deadline, each interleaving forced deterministically on an {@link EmbeddedChannel} (whose event
 * loop is the test thread): exactly one answer, a stream that always ends, and the request counted
 * as done exactly once.
 */
class StreamRaceTest {

    private static final HttpError TIMED_OUT = new HttpError(504, "Request timed out");

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final AtomicInteger done = new AtomicInteger();
    private final RequestCounters counters = new RequestCounters();
    private Consumer<HttpExchange> duringHead = e -> { };

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private HttpExchange exchange() {
        Middleware hook = new Middleware() {
            @Override
            public void onResponse(dev.litserve4j.Exchange exchange, int status) {
                duringHead.accept((HttpExchange) exchange); // runs while the head is being built
            }
        };
        Routing routing = new Routing(new Router(), List.of(hook), null, new JsonCodec(), new Connections(10),
                ConnectionLimits.defaults(), 1024, counters);
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/predict");
        HttpExchange exchange = new HttpExchange(channel, request, "/predict", null, routing, () -> { }, () -> false);
        exchange.whenDone(done::incrementAndGet);
        exchange.state().take(); // a worker has it
        return exchange;
    }

    private List<Object> written() {
        List<Object> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            out.add(msg);
        }
        return out;
    }

    @Test
    void aTimeoutThatFiresWhileTheFirstChunkIsWrittenDoesNothing() throws Exception {
        HttpExchange exchange = exchange();
        StreamWriter writer = new StreamWriter(exchange, StreamFormat.NDJSON, new JsonCodec());
        AtomicInteger timeoutAnswered = new AtomicInteger();
        duringHead = e -> {
            if (e.sendError(TIMED_OUT)) { // the sweeper fires exactly now
                timeoutAnswered.incrementAndGet();
            }
        };
        writer.chunk(Map.of("output", 1));
        writer.end();

        assertThat(timeoutAnswered).hasValue(0);
        List<Object> out = written();
        assertThat(out).hasSize(3);
        assertThat(((HttpResponse) out.get(0)).status().code()).isEqualTo(200);
        assertThat(out.get(1)).isInstanceOf(HttpContent.class);
        assertThat(out.get(2)).isInstanceOf(LastHttpContent.class);
        assertThat(done).hasValue(1);
        assertThat(exchange.state().get()).isEqualTo(RequestState.ANSWERED);
        out.forEach(ReferenceCountUtil::release);
    }

    @Test
    void aTimeoutJustBeforeTheFirstChunkAnswers504AndTheStreamNeverStarts() throws Exception {
        HttpExchange exchange = exchange();
        StreamWriter writer = new StreamWriter(exchange, StreamFormat.NDJSON, new JsonCodec());
        assertThat(exchange.sendError(TIMED_OUT)).isTrue();
        assertThatThrownBy(() -> writer.chunk(Map.of("output", 1))).isInstanceOf(ClientGoneException.class);
        writer.end(); // the worker's normal end after the ClientGoneException: nothing more

        List<Object> out = written();
        assertThat(out).hasSize(1);
        assertThat(((FullHttpResponse) out.get(0)).status().code()).isEqualTo(504);
        assertThat(done).hasValue(1);
        out.forEach(ReferenceCountUtil::release);
    }

    @Test
    void theShutdownDeadlineCutsAnOpenStreamWithItsErrorLineAndTheWorkersEndIsDropped() throws Exception {
        HttpExchange exchange = exchange();
        StreamWriter writer = new StreamWriter(exchange, StreamFormat.NDJSON, new JsonCodec());
        writer.chunk(Map.of("output", 1));
        assertThat(exchange.sendError(new HttpError(503, "Server is shutting down"))).isFalse();
        assertThat(writer.error(new HttpError(503, "Server is shutting down"), true)).isTrue();
        assertThatThrownBy(() -> writer.chunk(Map.of("output", 2))).isInstanceOf(ClientGoneException.class);
        writer.end();

        List<Object> out = written();
        assertThat(out).hasSize(4); // head, chunk, error line, end
        assertThat(((HttpContent) out.get(2)).content().toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("Server is shutting down");
        assertThat(out.get(3)).isInstanceOf(LastHttpContent.class);
        assertThat(exchange.state().get()).isEqualTo(RequestState.CUT);
        assertThat(done).hasValue(1);
        out.forEach(ReferenceCountUtil::release);
    }

    @Test
    void aClientThatLeavesMidStreamIsCountedOnceAndTheWorkerStopsAtItsNextChunk() throws Exception {
        HttpExchange exchange = exchange();
        AtomicInteger gone = new AtomicInteger();
        exchange.whenClientGone(was -> gone.incrementAndGet());
        StreamWriter writer = new StreamWriter(exchange, StreamFormat.NDJSON, new JsonCodec());
        writer.chunk(Map.of("output", 1));
        exchange.clientGone();
        exchange.clientGone(); // a second close event changes nothing
        assertThatThrownBy(() -> writer.chunk(Map.of("output", 2))).isInstanceOf(ClientGoneException.class);
        writer.end();

        assertThat(gone).hasValue(1);
        assertThat(done).hasValue(1);
        List<Object> out = written();
        assertThat(out).hasSize(2); // head and the first chunk; no end for a reader that left
        out.forEach(ReferenceCountUtil::release);
    }

    @Test
    void aStreamWhoseReaderStallsIsCutOnceTheStallTimeoutIsUsedUpInAllNotPerChunk() throws Exception {
        HttpExchange exchange = exchange();
        // A fake clock: each look is 0.2 s later; the reader "reads" (the channel turns writable) once a
        // chunk has waited 0.6 s, so each wait alone stays under the 1 s stall timeout.
        AtomicLong now = new AtomicLong();
        AtomicInteger looksThisChunk = new AtomicInteger();
        StreamWriter writer = new StreamWriter(exchange, StreamFormat.NDJSON, new JsonCodec(), 1_000_000_000L, () -> {
            if (looksThisChunk.incrementAndGet() == 6) {
                channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true); // the reader read
            }
            return now.addAndGet(200_000_000L);
        });
        writer.chunk(Map.of("output", 1));

        stallReader();
        looksThisChunk.set(0);
        writer.chunk(Map.of("output", 2)); // waited 0.6 s: allowed
        assertThat(exchange.state().get()).isEqualTo(RequestState.STREAMING);

        stallReader();
        looksThisChunk.set(0);
        assertThatThrownBy(() -> writer.chunk(Map.of("output", 3))) // 0.4 s more: 1 s in all
                .isInstanceOf(ClientGoneException.class).hasMessageContaining("in all");
        assertThat(counters.streamsStalledCount()).isEqualTo(1);
        assertThat(exchange.state().get()).isEqualTo(RequestState.CUT);
        assertThat(done).hasValue(1);
        assertThat(channel.isOpen()).isFalse();
    }

    /** The reader reads nothing: the channel is not writable until the clock says it read. */
    private void stallReader() {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        assertThat(channel.isWritable()).isFalse();
    }
}
