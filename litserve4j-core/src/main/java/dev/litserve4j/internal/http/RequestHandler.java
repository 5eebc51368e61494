package dev.litserve4j.internal.http;

import dev.litserve4j.HttpError;
import dev.litserve4j.Middleware;
import dev.litserve4j.internal.auth.ApiKeyAuthenticator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpRequest;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each request: filters, path and method, API key, then the route's handler.
 *
 * <p>A connection serves one request at a time. Requests a client pipelines behind an unanswered one
 * wait here, in order, so answers cannot overtake each other when workers finish out of order; past
 * {@link #MAX_WAITING} the connection stops reading until it catches up. All state is touched on the
 * connection's event loop only.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);
    static final int MAX_WAITING = 16;

    private final Routing routing;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean busy;
    private HttpExchange current;

    RequestHandler(Routing routing) {
        this.routing = routing;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (busy) {
            waiting.add(request.retain());
            if (waiting.size() >= MAX_WAITING) {
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        dispatch(ctx, request);
    }

    private void dispatch(ChannelHandlerContext ctx, FullHttpRequest request) {
        busy = true;
        HttpExchange exchange = new HttpExchange(ctx.channel(), request, routing, () -> responseWritten(ctx),
                () -> routing.connections().isDraining() && waiting.isEmpty());
        current = exchange;
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

    /** True when no request is being answered or waiting; event loop only. */
    boolean isIdle() {
        return !busy && waiting.isEmpty();
    }

    /** Runs on the event loop once a response is on the wire: the next waiting request may go. */
    private void responseWritten(ChannelHandlerContext ctx) {
        busy = false;
        FullHttpRequest next = waiting.poll();
        if (next == null && routing.connections().isDraining()) {
            ctx.close(); // answered with Connection: close unless requests were still waiting
            return;
        }
        if (next != null) {
            try {
                dispatch(ctx, next);
            } finally {
                next.release();
            }
        }
        if (!ctx.channel().config().isAutoRead() && waiting.size() < MAX_WAITING / 2) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (current != null) {
            current.writabilityChanged(); // a stream waiting for room may go on
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (current != null) {
            current.writabilityChanged(); // a stream waiting for room learns that its reader is gone
        }
        for (FullHttpRequest request : waiting) {
            request.release();
        }
        waiting.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof PrematureChannelClosureException
                || cause.getCause() instanceof IOException) {
            log.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("connection {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
