package dev.litserve4j.internal.http;

import dev.litserve4j.HttpError;
import dev.litserve4j.internal.auth.ApiKeyAuthenticator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides each request from its head, before any of its body is read: a malformed head or target,
 * an unknown route, a wrong method, a missing or wrong {@code X-API-Key}, or a declared body over the
 * limit is answered at once (and {@code Expect: 100-continue} gets that answer instead of 100), and
 * its body is dropped as it arrives, never aggregated. Routes that read no body are handled from the
 * head as well. Only a request its route will read reaches the aggregator. Event-loop confined.
 */
final class RequestGate extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RequestGate.class);

    /** A refused body up to this size is read and dropped, keeping the connection; a larger one closes it. */
    static final long KEEP_ALIVE_DISCARD_BYTES = 64 * 1024;

    private final Routing routing;
    private boolean discarding; // dropping the body of a request answered from its head
    private boolean closing;    // the connection closes after an answer already decided: drop everything

    RequestGate(Routing routing) {
        this.routing = routing;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof GatedRequest) {
            // Decided upstream (a timeout): everything after it is dropped.
            closing |= ((GatedRequest) msg).closeAfter();
            discarding = false;
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof HttpRequest) {
            if (closing) {
                ReferenceCountUtil.release(msg);
                return;
            }
            HttpRequest head = (HttpRequest) msg;
            GatedRequest decided = decide(head);
            if (decided == null) {
                ctx.fireChannelRead(msg);
                return;
            }
            discarding = !(msg instanceof LastHttpContent);
            closing = decided.closeAfter();
            ReferenceCountUtil.release(msg);
            ctx.fireChannelRead(decided);
            return;
        }
        if (msg instanceof HttpContent && (discarding || closing)) {
            if (msg instanceof LastHttpContent) {
                discarding = false;
            }
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** The answer decided from the head, or null when the route reads the body. */
    private GatedRequest decide(HttpRequest head) {
        if (head.decoderResult().isFailure()) {
            Throwable cause = head.decoderResult().cause();
            log.debug("malformed request head: {}", cause.toString());
            return GatedRequest.malformed(head, "Malformed HTTP request: " + cause.getMessage());
        }
        String path;
        try {
            path = RequestTarget.path(head.uri());
        } catch (IllegalArgumentException e) {
            log.debug("malformed request target: {}", e.getMessage());
            return GatedRequest.malformed(head, e.getMessage());
        }
        Route route = routing.router().find(path);
        if (route == null) {
            return reject(head, new HttpError(404, "Not Found"));
        }
        if (!route.methods().contains(head.method())) {
            return reject(head, new HttpError(405, "Method Not Allowed", Map.of("Allow", route.allowHeader())));
        }
        if (route.apiKeyProtected() && routing.apiKey() != null) {
            try {
                routing.apiKey().check(head.headers().get(ApiKeyAuthenticator.HEADER));
            } catch (HttpError e) {
                return reject(head, e);
            }
        }
        long declared = HttpUtil.getContentLength(head, -1L);
        if (routing.maxBodyBytes() >= 0 && declared > routing.maxBodyBytes()) {
            return GatedRequest.rejected(head, tooLarge(), true);
        }
        return route.readsBody() ? null : GatedRequest.headOnly(head);
    }

    /** Refuses a request; its body is dropped, and when that body is large or unknown the connection closes. */
    private static GatedRequest reject(HttpRequest head, HttpError error) {
        long declared = HttpUtil.getContentLength(head, -1L);
        boolean chunked = HttpUtil.isTransferEncodingChunked(head);
        boolean bigBody = chunked || declared > KEEP_ALIVE_DISCARD_BYTES
                || (declared < 0 && head.headers().contains(HttpHeaderNames.TRANSFER_ENCODING));
        return GatedRequest.rejected(head, error, bigBody);
    }

    static HttpError tooLarge() {
        return new HttpError(413, "Payload too large");
    }
}
