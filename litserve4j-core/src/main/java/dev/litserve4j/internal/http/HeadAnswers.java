package dev.litserve4j.internal.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.buffer.Unpooled;

/**
 * On an HTTP/2 stream, the answer to a HEAD request goes without its body (its headers, the length
 * included, stay), as {@link ServerCodec} does on HTTP/1.1: a DATA frame there would be a protocol
 * error. One request per stream, so one method to remember.
 */
final class HeadAnswers extends ChannelDuplexHandler {

    private boolean head;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
            head = HttpMethod.HEAD.equals(((HttpRequest) msg).method());
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (head && msg instanceof FullHttpResponse) {
            FullHttpResponse full = (FullHttpResponse) msg;
            FullHttpResponse bare = new DefaultFullHttpResponse(full.protocolVersion(), full.status(),
                    Unpooled.EMPTY_BUFFER, full.headers(), full.trailingHeaders());
            full.release();
            ctx.write(bare, promise);
        } else if (head && msg instanceof LastHttpContent) {
            ((LastHttpContent) msg).release();
            ctx.write(LastHttpContent.EMPTY_LAST_CONTENT, promise);
        } else if (head && msg instanceof HttpContent) {
            ((HttpContent) msg).release();
            promise.setSuccess();
        } else {
            ctx.write(msg, promise);
        }
    }
}
