package dev.litserve4j.internal.http;

import dev.litserve4j.internal.engine.ClientGoneException;
import dev.litserve4j.internal.engine.ErrorMapping;
import dev.litserve4j.internal.metrics.Rejection;
import dev.litserve4j.internal.engine.RequestState;
import dev.litserve4j.internal.json.JsonCodec;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Writes one streamed answer from a worker thread: the head with the first chunk, then chunks, then
 * the end. {@link #chunk} waits while the connection is not writable (Netty's write buffer above its
 * high-water mark), so a slow reader holds the producer back instead of the server buffering without
 * bound; but a stream may wait for its reader only so long in all (the stall timeout, summed over the
 * whole stream), then it is cut and its worker freed. Writes are issued under this object's lock, so
 * they reach the event loop in order and never after the end; who may write is decided by the
 * request's {@link RequestState}.
 */
public final class StreamWriter implements StreamSink {

    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final HttpExchange exchange;
    private final RequestState state;
    private final Channel channel;
    private final StreamFormat format;
    private final JsonCodec codec;
    private final long stallNanos;
    private final LongSupplier nanoTime;
    private long stalledNanos; // time spent waiting for the reader so far, the whole stream
    private boolean midLine;

    public StreamWriter(HttpExchange exchange, StreamFormat format, JsonCodec codec) {
        this(exchange, format, codec, exchange.routing().limits().streamStallTimeout().toNanos(), System::nanoTime);
    }

    StreamWriter(HttpExchange exchange, StreamFormat format, JsonCodec codec, long stallNanos, LongSupplier nanoTime) {
        this.exchange = exchange;
        this.state = exchange.state();
        this.channel = exchange.channel();
        this.format = format;
        this.codec = codec;
        this.stallNanos = stallNanos;
        this.nanoTime = nanoTime;
        exchange.onWritabilityChange(this::wake);
    }

    @Override
    public void chunk(Object encoded) throws InterruptedException {
        byte[] data = format.chunk(encoded, codec);
        synchronized (this) {
            if (!openIfRunning()) {
                throw new ClientGoneException("the request was answered before its stream began");
            }
            awaitReader();
            if (!state.isStreaming() || !channel.isActive()) {
                throw new ClientGoneException("the client is gone");
            }
            if (data.length > 0) {
                midLine = data[data.length - 1] != '\n';
                exchange.sent(data.length);
                channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(data)));
            }
        }
    }

    private void awaitReader() throws InterruptedException {
        while (state.isStreaming() && channel.isActive() && !channel.isWritable()) {
            long left = stallNanos - stalledNanos;
            if (left <= 0) {
                if (state.cut() >= 0) {
                    exchange.routing().counters().streamStalled();
                    exchange.abandon(); // free the worker rather than wait for ever
                }
                throw new ClientGoneException("the client read nothing for " + stallNanos / 1_000_000
                        + " ms in all: the stream was cut");
            }
            long start = nanoTime.getAsLong();
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, WAIT_SLICE_NANOS));
            stalledNanos += nanoTime.getAsLong() - start;
        }
    }

    /** Opens the stream if nobody has yet; false when it was answered (or cut) instead. */
    private boolean openIfRunning() {
        if (state.get() == RequestState.RUNNING && state.open()) {
            exchange.startStream(format.contentType());
            return true;
        }
        return state.isStreaming();
    }

    @Override
    public synchronized void end() {
        if (!openIfRunning() || !state.finish()) {
            return;
        }
        write(format.end());
    }

    @Override
    public synchronized boolean error(Throwable error, boolean cut) {
        if (state.get() == RequestState.RUNNING) {
            return exchange.sendError(error); // nothing of the stream is out: a complete error answer
        }
        boolean claimed = cut ? state.cut() == RequestState.STREAMING : state.finish();
        if (!claimed) {
            return false;
        }
        if (cut) {
            exchange.cutFor(Rejection.SHUTTING_DOWN); // the stream ends with its error record, not in full
        }
        byte[] record;
        try {
            record = format.error(ErrorMapping.map(error, "stream " + exchange.requestId()), codec);
        } catch (RuntimeException unwritable) { // the stream must still end, and the worker live
            ErrorMapping.Mapped internal = new ErrorMapping.Mapped(500, ErrorMapping.INTERNAL_ERROR.detail(),
                    java.util.Map.of());
            record = format.error(internal, codec);
        }
        if (midLine) {
            // After a text chunk without a line end, the error record still gets a line of its own.
            byte[] onItsOwnLine = new byte[record.length + 1];
            onItsOwnLine[0] = '\n';
            System.arraycopy(record, 0, onItsOwnLine, 1, record.length);
            record = onItsOwnLine;
        }
        write(record);
        return true;
    }

    @Override
    public boolean isCancelled() {
        return state.isFinished() || !channel.isActive();
    }

    private void write(byte[] last) {
        if (last.length > 0) {
            exchange.sent(last.length);
            channel.write(new DefaultHttpContent(Unpooled.wrappedBuffer(last)));
        }
        exchange.endStream();
        notifyAll();
    }

    /** Called on the event loop when the connection's writability changes or it closes. */
    private synchronized void wake() {
        notifyAll();
    }
}
