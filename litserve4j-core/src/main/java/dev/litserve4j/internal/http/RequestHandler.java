package dev.litserve4j.internal.http;

import dev.litserve4j.HttpError;
import dev.litserve4j.Middleware;
import dev.litserve4j.internal.auth.ApiKeyAuthenticator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each request: filters, path and method, API key, then the route's handler. Connections run
 * with auto-read off and a {@code FlowControlHandler} in front, so a connection is read one request
 * at a time: the next is read when the previous response is written, which keeps pipelined responses
 * in order and bounds what one connection can queue.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);

    private final Routing routing;

    RequestHandler(Routing routing) {
        this.routing = routing;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.read();
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpExchange exchange = new HttpExchange(ctx.channel(), request, routing);
        if (request.decoderResult().isFailure()) {
            exchange.closeAfterResponse();
            exchange.sendError(new HttpError(400, "Malformed HTTP request: " + request.decoderResult().cause().getMessage()));
            return;
        }
        try {
            for (Middleware middleware : routing.middlewares()) {
                middleware.onRequest(exchange);
            }
            Route route = routing.router().find(exchange.path());
            if (route == null) {
                throw new HttpError(404, "Not Found");
            }
            if (!route.methods().contains(request.method())) {
                throw new HttpError(405, "Method Not Allowed", Map.of("Allow", route.allowHeader()));
            }
            if (route.apiKeyProtected() && routing.apiKey() != null) {
                routing.apiKey().check(request.headers().get(ApiKeyAuthenticator.HEADER));
            }
            route.handler().handle(exchange);
        } catch (RuntimeException e) {
            exchange.sendError(e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("connection {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
