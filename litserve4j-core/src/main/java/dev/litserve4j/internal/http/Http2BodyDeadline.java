package dev.litserve4j.internal.http;

import dev.litserve4j.HttpError;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On an HTTP/2 stream, the body idle timeout of HTTP/1.1: a request whose body goes that long without
 * a frame gets 408 in its turn and the stream is reset, so a client cannot hold streams open by
 * never ending their bodies. (The head comes whole in one HEADERS frame: the connection's decoder
 * bounds it.) Once the request is in, the clock stops; the answer's own time is the request timeout's
 * and a reader that stalls is the stream stall timeout's. Event-loop confined.
 */
final class Http2BodyDeadline extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Http2BodyDeadline.class);

    private final long idleNanos;
    private HttpRequest head;
    private long lastRead;
    private ScheduledFuture<?> check;

    Http2BodyDeadline(long idleNanos) {
        this.idleNanos = idleNanos;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        lastRead = System.nanoTime();
        if (msg instanceof HttpRequest) {
            head = (HttpRequest) msg;
        }
        if (msg instanceof LastHttpContent) {
            done(ctx);
        } else if (check == null && head != null) {
            schedule(ctx, idleNanos);
        }
        ctx.fireChannelRead(msg);
    }

    private void schedule(ChannelHandlerContext ctx, long delay) {
        check = ctx.executor().schedule(() -> expire(ctx), delay, TimeUnit.NANOSECONDS);
    }

    private void expire(ChannelHandlerContext ctx) {
        long idle = System.nanoTime() - lastRead;
        if (idle < idleNanos) {
            schedule(ctx, idleNanos - idle);
            return;
        }
        String detail = "Request body stalled: no data for " + seconds(idleNanos);
        log.debug("answering HTTP/2 stream of {} with 408: {}", ctx.channel().remoteAddress(), detail);
        ctx.fireChannelRead(GatedRequest.rejected(head, new HttpError(408, detail), true));
        done(ctx);
    }

    private void done(ChannelHandlerContext ctx) {
        if (check != null) {
            check.cancel(false);
        }
        ctx.pipeline().remove(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (check != null) {
            check.cancel(false);
        }
        super.channelInactive(ctx);
    }

    private static String seconds(long nanos) {
        double s = nanos / 1e9;
        return (s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s)) + " s";
    }
}
