package dev.litserve4j.internal.http;

import dev.litserve4j.HttpError;
import dev.litserve4j.Middleware;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each request in its turn: filters, then the answer {@link RequestGate} decided from the
 * head, or the route's handler.
 *
 * <p>A connection serves one request at a time. Requests a client pipelines behind an unanswered one
 * wait here, in order, so answers cannot overtake each other when workers finish out of order; past
 * {@link #MAX_WAITING} the connection stops reading until it catches up. All state is touched on the
 * connection's event loop only.
 */
final class RequestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);
    static final int MAX_WAITING = 16;
    /** Bodies of waiting requests held at most before the connection stops reading. */
    static final int MAX_WAITING_BYTES = 64 * 1024;
    private static final long WARN_EVERY_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
    private static final java.util.concurrent.atomic.AtomicLong lastWarn =
            new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    private final Routing routing;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private long waitingBytes;
    private boolean busy;
    private volatile boolean spoken; // a request reached dispatch
    private HttpExchange current;
    private ReadSwitch reads;
    private RequestGate gate; // null in a pipeline without one

    RequestHandler(Routing routing) {
        this.routing = routing;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        reads = ReadSwitch.of(ctx.channel());
        gate = ctx.pipeline().get(RequestGate.class);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest)) {
            ReferenceCountUtil.release(msg); // nothing else reaches here; never leak it
            return;
        }
        FullHttpRequest request = (FullHttpRequest) msg;
        if (busy) {
            waiting.add(request);
            waitingBytes += request.content().readableBytes();
            if (waiting.size() >= MAX_WAITING || waitingBytes >= MAX_WAITING_BYTES) {
                // A pipelining client may not make the server hold many bodies for it.
                reads.hold(ReadSwitch.Hold.BACKLOG);
            }
            return;
        }
        try {
            dispatch(ctx, request);
        } finally {
            request.release();
        }
    }

    private void dispatch(ChannelHandlerContext ctx, FullHttpRequest request) {
        busy = true;
        spoken = true;
        GatedRequest gated = request instanceof GatedRequest ? (GatedRequest) request : null;
        // The gate decoded the target and found its route already; a request it did not decide (one cut
        // before its head was whole) is decoded here, once too.
        RequestGate.Target target = gate == null ? null : gate.takeTarget(request.headers());
        String path = target != null ? target.path() : RequestTarget.pathOrRaw(request.uri());
        Route route = target != null ? target.route() : routing.router().find(path);
        HttpExchange exchange = new HttpExchange(ctx.channel(), request, path, route, routing,
                () -> responseWritten(ctx), () -> routing.connections().closesAfterAnswers() && waiting.isEmpty());
        current = exchange;
        if (gated != null && gated.closeAfter()) {
            exchange.lingerAfterResponse();
        }
        if (gated != null && gated.isMalformed()) {
            exchange.sendError(gated.error());
            return;
        }
        if (request.decoderResult().isFailure()) {
            // The head was fine but the body was not (a broken chunk): nothing more can be read.
            log.debug("request {}: malformed request body from {}: {}", exchange.requestId(), ctx.channel().remoteAddress(),
                    request.decoderResult().cause().toString());
            exchange.lingerAfterResponse(); // the client may still be sending the rest
            exchange.sendError(new HttpError(400, "Malformed HTTP request: " + request.decoderResult().cause().getMessage()));
            return;
        }
        try {
            for (Middleware middleware : routing.middlewares()) {
                middleware.onRequest(exchange);
            }
            if (gated != null && gated.error() != null) {
                throw gated.error();
            }
            if (route == null) {
                throw new HttpError(404, "Not Found"); // unreachable unless the gate let it through
            }
            route.handler().handle(exchange);
        } catch (RuntimeException e) {
            exchange.sendError(e);
        }
    }

    /** True once the deadlines gave the connection up (a 408 is on its way): it reads no more. */
    private static boolean closing(ChannelHandlerContext ctx) {
        ConnectionTimeouts.Messages watch = ctx.pipeline().get(ConnectionTimeouts.Messages.class);
        return watch != null && watch.closing();
    }

    /**
     * True once a request of the connection's reached this handler; any thread. A connection that has
     * not spoken yet when a drain begins was most likely opened for a request that is on its way.
     */
    boolean hasSpoken() {
        return spoken;
    }

    /** True when no request is being answered or waiting; event loop only. */
    boolean isIdle() {
        return !busy && waiting.isEmpty();
    }

    /** Runs on the event loop once an answer is on the wire and the connection stays: the next request may go. */
    private void responseWritten(ChannelHandlerContext ctx) {
        busy = false;
        current = null;
        FullHttpRequest next = waiting.poll();
        if (next != null) {
            waitingBytes -= next.content().readableBytes();
        }
        if (next == null && routing.connections().closesIdle()) {
            ctx.close(); // answered with Connection: close unless requests were still waiting, or begun before the drain
            return;
        }
        if (next != null) {
            try {
                dispatch(ctx, next);
            } finally {
                next.release();
            }
        } else {
            RequestGate gate = ctx.pipeline().get(RequestGate.class);
            if (gate != null) {
                gate.sendOwedContinue(); // a request whose body waits for its 100 now has its turn
            }
        }
        if (reads.isHeld(ReadSwitch.Hold.BACKLOG) && waiting.size() < MAX_WAITING / 2
                && waitingBytes < MAX_WAITING_BYTES / 2 && !closing(ctx)) {
            reads.release(ReadSwitch.Hold.BACKLOG);
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
        HttpExchange exchange = current;
        current = null;
        if (exchange != null) {
            exchange.clientGone();          // an unanswered request is cut: no worker computes it
            exchange.writabilityChanged();  // a stream waiting for room learns that its reader is gone
        }
        for (FullHttpRequest request : waiting) {
            request.release();
        }
        waiting.clear();
        waitingBytes = 0;
        super.channelInactive(ctx);
    }

    private static boolean warnNow() {
        long now = System.nanoTime();
        long last = lastWarn.get();
        return now - last >= WARN_EVERY_NANOS && lastWarn.compareAndSet(last, now);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof PrematureChannelClosureException
                || cause.getCause() instanceof IOException) {
            log.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else if (warnNow()) {
            // A client can provoke this at will: a stack trace at most once a minute, then DEBUG lines.
            log.warn("connection {} failed (further such failures are logged at DEBUG for a minute)",
                    ctx.channel().remoteAddress(), cause);
        } else {
            log.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}
