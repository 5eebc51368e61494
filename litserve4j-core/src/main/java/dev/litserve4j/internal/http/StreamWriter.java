package dev.litserve4j.internal.http;

import dev.litserve4j.internal.engine.ErrorMapping;
import dev.litserve4j.internal.json.JsonCodec;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Writes one streamed answer from a worker thread: the head with the first chunk, then chunks, then
 * the end. {@link #chunk} waits while the connection is not writable (Netty's write buffer above its
 * high-water mark), so a slow reader holds the producer back instead of the server buffering without
 * bound. Writes are issued under this object's lock, so they reach the event loop in order and never
 * after the end.
 */
public final class StreamWriter implements StreamSink {

    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final HttpExchange exchange;
    private final Channel channel;
    private final StreamFormat format;
    private final JsonCodec codec;
    private boolean headSent;
    private boolean ended;

    public StreamWriter(HttpExchange exchange, StreamFormat format, JsonCodec codec) {
        this.exchange = exchange;
        this.channel = exchange.channel();
        this.format = format;
        this.codec = codec;
        exchange.onWritabilityChange(this::wake);
    }

    @Override
    public void chunk(Object encoded) throws InterruptedException {
        byte[] data = format.chunk(encoded, codec);
        synchronized (this) {
            while (!ended && channel.isActive() && !channel.isWritable()) {
                TimeUnit.NANOSECONDS.timedWait(this, WAIT_SLICE_NANOS);
            }
            if (ended || !channel.isActive()) {
                throw new CancellationException("the client is gone");
            }
            openIfNeeded();
            if (data.length > 0) {
                channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(data)));
            }
        }
    }

    @Override
    public synchronized void end() {
        finish(format.end());
    }

    @Override
    public synchronized void error(Throwable error) {
        finish(format.error(ErrorMapping.map(error), codec));
    }

    @Override
    public boolean isCancelled() {
        return !channel.isActive();
    }

    private void finish(byte[] last) {
        if (ended) {
            return;
        }
        ended = true;
        openIfNeeded();
        if (last.length > 0) {
            channel.write(new DefaultHttpContent(Unpooled.wrappedBuffer(last)));
        }
        exchange.endStream();
        notifyAll();
    }

    private void openIfNeeded() {
        if (!headSent) {
            headSent = true;
            exchange.startStream(format.contentType());
        }
    }

    /** Called on the event loop when the connection's writability changes or it closes. */
    private synchronized void wake() {
        notifyAll();
    }
}
