package dev.litserve4j.internal.http;

import dev.litserve4j.HttpError;
import dev.litserve4j.internal.config.ConnectionLimits;
import dev.litserve4j.internal.engine.RequestCounters;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side of one connection against its deadlines: a request head must be complete within the
 * head timeout of its first byte (or of the connection's start), a body may not go without a byte for
 * longer than the body idle timeout, and a keep-alive connection with nothing to do is closed after
 * the idle timeout. A head or body that runs out of time gets 408 in its turn (after the answers
 * before it on a pipelined connection) and the connection closes; an idle connection just closes.
 *
 * <p>The {@link ServerCodec} tells it of each read and whether a message was left half decoded;
 * {@link #messages()} sits after the codec and sees where one request ends. The hot path only sets
 * fields; time is read by the event loop's {@link ConnectionWatchdog} at its tick, which calls
 * {@link #check}. Event-loop confined.
 */
final class ConnectionTimeouts implements ServerCodec.ReadListener {

    private static final Logger log = LoggerFactory.getLogger(ConnectionTimeouts.class);

    enum Phase { HEAD, BODY, BETWEEN, CLOSING }

    private static final long UNSET = Long.MIN_VALUE;

    private final long headNanos;
    private final long bodyIdleNanos;
    private final long idleNanos;
    private final long stallNanos;
    private final RequestCounters counters;
    private final ConnectionWatchdog.Registry watchdogs;
    private final Messages messages = new Messages();
    private ChannelHandlerContext ctx; // of the messages handler: where a 408 enters the pipeline
    private Phase phase = Phase.HEAD; // a new connection owes its first head
    private long phaseStart = UNSET;
    private long lastActivity = UNSET;
    private boolean active; // bytes moved since the last check
    private long outputStuckSince = UNSET; // an answer waits in the outbound buffer and none of it moves
    private int lastMessage;
    private long lastPending;
    private long lastProgress;

    ConnectionTimeouts(ConnectionLimits limits, RequestCounters counters, ConnectionWatchdog.Registry watchdogs) {
        this.headNanos = limits.headTimeout().toNanos();
        this.bodyIdleNanos = limits.bodyIdleTimeout().toNanos();
        this.idleNanos = limits.idleTimeout().toNanos();
        this.stallNanos = limits.streamStallTimeout().toNanos();
        this.counters = counters;
        this.watchdogs = watchdogs;
    }

    /** The handler after the codec. */
    Messages messages() {
        return messages;
    }

    Phase phase() {
        return phase;
    }

    private void enter(Phase next) {
        phase = next;
        phaseStart = UNSET;
    }

    /**
     * Event loop, at each watchdog tick: acts on a deadline that has passed.
     *
     * @param idle whether the connection has no request being answered or waiting
     * @param paused whether the server itself is not reading (it stopped reading a pipelining client,
     *     or holds a 100 Continue until the answers before it are out): the read clocks stand still
     */
    void check(long now, boolean idle, boolean paused) {
        if (phaseStart == UNSET || paused) {
            phaseStart = now;
            lastActivity = now;
        }
        if (active) {
            lastActivity = now;
            active = false;
        }
        if (outputStalled(now)) {
            log.debug("closing {}: it read none of its answer for {}", ctx.channel().remoteAddress(),
                    seconds(stallNanos));
            counters.answerStalled();
            enter(Phase.CLOSING);
            ctx.close(); // the answer's write fails, which ends the request
            return;
        }
        switch (phase) {
            case HEAD:
                if (now - phaseStart > headNanos) {
                    timeOut("Request head not received within " + seconds(headNanos)
                            + ": send the whole request line and headers at once");
                }
                break;
            case BODY:
                if (now - lastActivity > bodyIdleNanos) {
                    timeOut("Request body stalled: no data for " + seconds(bodyIdleNanos));
                }
                break;
            case BETWEEN:
                if (idle && now - lastActivity > idleNanos) {
                    log.debug("closing {}: idle for {}", ctx.channel().remoteAddress(), seconds(idleNanos));
                    enter(Phase.CLOSING);
                    ctx.close();
                }
                break;
            default:
                break;
        }
    }

    /**
     * True when an answer has waited in the outbound buffer for the stall timeout without a byte of it
     * reaching the client: the same test as Netty's IdleStateHandler with observeOutput.
     */
    private boolean outputStalled(long now) {
        io.netty.channel.ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        long pending = buffer == null ? 0 : buffer.totalPendingWriteBytes();
        if (pending == 0) {
            outputStuckSince = UNSET;
            return false;
        }
        int message = System.identityHashCode(buffer.current());
        long progress = buffer.currentProgress();
        if (outputStuckSince == UNSET || message != lastMessage || pending != lastPending || progress != lastProgress) {
            outputStuckSince = now;
            lastMessage = message;
            lastPending = pending;
            lastProgress = progress;
            return false;
        }
        return now - outputStuckSince > stallNanos;
    }

    private void timeOut(String detail) {
        log.debug("answering {} with 408: {}", ctx.channel().remoteAddress(), detail);
        enter(Phase.CLOSING);
        ReadSwitch.of(ctx.channel()).hold(ReadSwitch.Hold.TIMED_OUT); // nothing more is read from this client
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        ctx.fireChannelRead(GatedRequest.rejected(head, new HttpError(408, detail), true));
    }

    private static String seconds(long nanos) {
        double s = nanos / 1e9;
        return (s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s)) + " s";
    }

    @Override
    public void readStarted() {
        active = true;
    }

    @Override
    public void readEnded(boolean partial) {
        if (partial && phase == Phase.BETWEEN) {
            enter(Phase.HEAD); // the first bytes of the next request are in: its head is now due
        }
    }

    /** The handler after the codec; its type is how other handlers find this connection's deadlines. */
    final class Messages extends ChannelDuplexHandler {
        /** True once the deadlines gave the connection up: nothing more is read from it. */
        boolean closing() {
            return phase == Phase.CLOSING;
        }

        private boolean watched;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ConnectionTimeouts.this.ctx = ctx;
            if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
                watch(ctx); // added after the TLS handshake: the connection is active already
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            watch(ctx);
            super.channelActive(ctx);
        }

        private void watch(ChannelHandlerContext ctx) {
            if (!watched) {
                watched = true;
                watchdogs.on(ctx.channel().eventLoop()).add(ConnectionTimeouts.this, ctx.channel());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            watchdogs.on(ctx.channel().eventLoop()).remove(ConnectionTimeouts.this);
            super.channelInactive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (phase != Phase.CLOSING) {
                if (msg instanceof LastHttpContent) {
                    enter(Phase.BETWEEN); // a whole request (head and body) is in
                } else if (msg instanceof HttpRequest) {
                    enter(Phase.BODY);
                }
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            active = true; // an answer going out: the connection is not idle
            super.write(ctx, msg, promise);
        }
    }
}
