package dev.litserve4j.internal.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Aggregates request bodies up to the payload limit and answers a larger one with LitServe's
 * {@code 413 {"detail":"Payload too large"}}, whether the size was announced or only seen while
 * reading. The connection is closed after the answer; the rest of the body is read and dropped for
 * a moment first, because closing a socket with unread data resets it, and a reset can destroy the
 * 413 before the client reads it.
 */
final class PayloadLimitAggregator extends HttpObjectAggregator {

    private static final byte[] TOO_LARGE = "{\"detail\":\"Payload too large\"}".getBytes(StandardCharsets.UTF_8);

    private static final long DRAIN_MILLIS = 1000;

    PayloadLimitAggregator(int maxContentLength) {
        super(maxContentLength, true); // close after a refused Expect: 100-continue, as its 413 says
    }

    /** An oversized body announced with {@code Expect: 100-continue} gets the same JSON 413. */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof HttpResponse
                && ((HttpResponse) response).status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
            ReferenceCountUtil.release(response);
            return tooLarge();
        }
        return response;
    }

    private static FullHttpResponse tooLarge() {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(TOO_LARGE));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpExchange.JSON);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setContentLength(response, TOO_LARGE.length);
        return response;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        ctx.writeAndFlush(tooLarge()).addListener((ChannelFutureListener) future -> {
            if (!future.isSuccess()) {
                future.channel().close();
                return;
            }
            future.channel().config().setAutoRead(true);
            future.channel().eventLoop().schedule(() -> future.channel().close(), DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        });
    }
}
