package dev.litserve4j.internal.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When an HTTP/2 connection closes: with a GOAWAY, then the close a moment later, and only at a moment
 * when no stream is open: an idle timeout with none, or, once a
 * stop asked for it ({@link #closeWhenIdle()}), as soon as its last stream ends. Never under a stream
 * under way: the JDK's client without the fix of JDK-8335181 (Java 24, backported to 17.0.17) fails
 * every stream open on a connection that gets a GOAWAY, so one sent while answers are on their way
 * would cut them. Sits after the
 * frame codec, so that its close passes the codec. Event-loop confined, but for {@link #hasSpoken()}.
 */
final class Http2Lifecycle extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Http2Lifecycle.class);

    private final Http2FrameCodec codec;
    private ChannelHandlerContext ctx;
    private boolean closeWhenIdle;
    private volatile boolean spoken; // a stream was opened

    Http2Lifecycle(Http2FrameCodec codec) {
        this.codec = codec;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        codec.connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamAdded(Http2Stream stream) {
                spoken = true;
            }

            @Override
            public void onStreamClosed(Http2Stream stream) {
                if (closeWhenIdle) {
                    // After the stream's last frame has been handed on, not in the middle of its close.
                    ctx.executor().execute(Http2Lifecycle.this::closeIfIdle);
                }
            }
        });
    }

    /** True once the client opened a stream; any thread. */
    boolean hasSpoken() {
        return spoken;
    }

    /** Closes the connection now if no stream is open, else once the last one ends. */
    void closeWhenIdle() {
        closeWhenIdle = true;
        closeIfIdle();
    }

    private void closeIfIdle() {
        if (codec.connection().numActiveStreams() == 0 && ctx.channel().isActive() && !codec.connection().goAwaySent()) {
            goAwayThenClose(ctx);
        }
    }

    /**
     * Sends the GOAWAY and keeps the connection open a moment before closing it, for a request the
     * client may have sent before the GOAWAY reached it: closed at once, the socket would be reset
     * under it; open, the client learns from the GOAWAY that the request was not taken, and retries it
     * on a new connection (RFC 9113, 6.8).
     */
    private static void goAwayThenClose(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
        ctx.executor().schedule(() -> {
            ctx.close();
        }, Lingering.LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (codec.connection().numActiveStreams() == 0 && !codec.connection().goAwaySent()) {
                log.debug("closing HTTP/2 connection {}: idle", ctx.channel().remoteAddress());
                goAwayThenClose(ctx);
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
