package dev.litserve4j.internal.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * The whole pipeline of a connection over {@code maxConnections}: it is answered 503 at once, before
 * it has sent anything, and closed (lingering, so that what it sends meanwhile does not reset the
 * answer away). No codec: the answer is a fixed sequence of bytes.
 */
final class ConnectionRefuser extends ChannelInboundHandlerAdapter {

    static final long REFUSED_LINGER_MILLIS = 200;

    private final byte[] answer;

    ConnectionRefuser(int maxConnections) {
        String body = "{\"detail\":\"Server is at its limit of " + maxConnections
                + " open connections; retry later\"}";
        String head = "HTTP/1.1 503 Service Unavailable\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + "Retry-After: 1\r\n"
                + "Connection: close\r\n\r\n";
        this.answer = (head + body).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                // A short linger: a flood beyond the cap must not hold many sockets for long.
                Lingering.close(f.channel(), REFUSED_LINGER_MILLIS);
            } else {
                f.channel().close();
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg); // whatever it sent is not read
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
