package dev.litserve4j.internal.http;

import dev.litserve4j.HttpError;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Aggregates the bodies of requests whose route reads them, up to the payload limit. A body that
 * announced its size was checked by {@link RequestGate} already; one that grows past the limit while
 * it is read (chunked) is refused here with LitServe's {@code 413 {"detail":"Payload too large"}},
 * answered in its turn by {@link RequestHandler}, and the rest of it is dropped; the connection closes
 * after the answer.
 */
final class PayloadLimitAggregator extends HttpObjectAggregator {

    PayloadLimitAggregator(int maxContentLength) {
        super(maxContentLength, true); // close after a refused Expect: 100-continue
        // The server reads at most 8 KiB at a time (HttpServer), so a 16 MiB body has 2,048 parts, kept
        // as they are; past 4,096 (a body sent in tiny segments, each pinning a pooled buffer far larger
        // than its bytes) the parts are copied into one buffer, so memory stays near the bytes counted.
        setMaxCumulationBufferComponents(4096);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        RequestGate gate = ctx.pipeline().get(RequestGate.class);
        HttpError answer = gate == null ? RequestGate.tooLarge() : gate.bodyRefused();
        ctx.fireChannelRead(GatedRequest.rejected((HttpRequest) oversized, answer, true));
    }
}
