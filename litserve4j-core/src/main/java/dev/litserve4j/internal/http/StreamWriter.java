package dev.litserve4j.internal.http;

import dev.litserve4j.internal.engine.ErrorMapping;
import dev.litserve4j.internal.json.JsonCodec;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import dev.litserve4j.internal.engine.ClientGoneException;
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
    private final long stallNanos;
    private boolean headSent;
    private boolean ended;
    private boolean midLine;

    /**
     * @param stallNanos how long the client may read nothing while the stream waits, before the
     *     stream is given up and the connection closed (a reader that stalls must not hold a worker)
     */
    public StreamWriter(HttpExchange exchange, StreamFormat format, JsonCodec codec, long stallNanos) {
        this.exchange = exchange;
        this.stallNanos = stallNanos;
        this.channel = exchange.channel();
        this.format = format;
        this.codec = codec;
        exchange.onWritabilityChange(this::wake);
    }

    @Override
    public void chunk(Object encoded) throws InterruptedException {
        byte[] data = format.chunk(encoded, codec);
        synchronized (this) {
            long giveUp = System.nanoTime() + stallNanos;
            while (!ended && channel.isActive() && !channel.isWritable()) {
                long left = giveUp - System.nanoTime();
                if (left <= 0) {
                    channel.close(); // the reader stalled: free the worker rather than wait for ever
                    throw new ClientGoneException("the client read nothing for " + stallNanos / 1_000_000 + " ms");
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, WAIT_SLICE_NANOS));
            }
            if (ended || !channel.isActive()) {
                throw new ClientGoneException("the client is gone");
            }
            openIfNeeded();
            if (data.length > 0) {
                midLine = data[data.length - 1] != '\n';
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
        byte[] record = format.error(ErrorMapping.map(error), codec);
        if (midLine) {
            // After a text chunk without a line end, the error record still gets a line of its own.
            byte[] onItsOwnLine = new byte[record.length + 1];
            onItsOwnLine[0] = '\n';
            System.arraycopy(record, 0, onItsOwnLine, 1, record.length);
            record = onItsOwnLine;
        }
        finish(record);
    }

    @Override
    public synchronized boolean started() {
        return headSent;
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
