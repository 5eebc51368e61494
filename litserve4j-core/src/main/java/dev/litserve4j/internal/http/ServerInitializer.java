package dev.litserve4j.internal.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;

/**
 * Assembles a connection's pipeline; each handler has one job:
 * <pre>
 *   reads (holds) → codec → messages (deadlines) → gzip → gate (head checks) → spool (forms) → aggregator → handler
 * </pre>
 * With TLS, {@code reads → tls → alpn} first; ALPN then puts that same HTTP/1.1 pipeline after the
 * TLS handler, or HTTP/2's ({@link Http2Pipeline}). A connection over the cap gets only a
 * {@link ConnectionRefuser} (with TLS it is closed at once: an answer would need a handshake first).
 */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {

    private final Routing routing;
    private final ConnectionWatchdog.Registry watchdogs;
    private final BodyReadBudget bodyBudget;
    private final BodyBufferBudget bodyBuffers;
    private final SslContext tls;

    /** @param tls the TLS context, or null for cleartext HTTP/1.1 */
    ServerInitializer(Routing routing, ConnectionWatchdog.Registry watchdogs, SslContext tls) {
        this.routing = routing;
        this.watchdogs = watchdogs;
        this.tls = tls;
        this.bodyBudget = new BodyReadBudget(routing.limits().maxBodyReadRate(), System::nanoTime);
        this.bodyBuffers = new BodyBufferBudget(routing.limits().maxBufferedBodyBytes());
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (!routing.connections().register(ch)) {
            if (tls != null) {
                ch.close();
                return;
            }
            p.addLast("refuse", new ConnectionRefuser(routing.connections().max()));
            return;
        }
        ReadSwitch.install(ch);
        if (tls != null) {
            SslHandler handler = tls.newHandler(ch.alloc());
            // The handshake is part of the request's head: it gets the head's time, not Netty's 10 s.
            handler.setHandshakeTimeout(routing.limits().headTimeout().toNanos(), TimeUnit.NANOSECONDS);
            p.addLast("tls", handler);
            p.addLast("alpn", new ProtocolNegotiation(this));
            return;
        }
        http1(ch);
    }

    /** Adds the HTTP/1.1 handlers at the end of the connection's pipeline. */
    void http1(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        ConnectionTimeouts timeouts = new ConnectionTimeouts(routing.limits(), routing.counters(), watchdogs);
        long limit = routing.maxBodyBytes();
        p.addLast("codec", new ServerCodec(timeouts, new BodyPacer(bodyBudget)));
        p.addLast("messages", timeouts.messages());
        p.addLast("gzip", new StreamAwareCompressor());
        p.addLast("gate", new RequestGate(routing, bodyBuffers));
        if (routing.router().takesForms()) { // a handler less on every request of a server without forms
            p.addLast("spool", new BodySpooler(limit < 0 ? Integer.MAX_VALUE : limit));
        }
        p.addLast("aggregator", new PayloadLimitAggregator(aggregateLimit(limit)));
        p.addLast("handler", new RequestHandler(routing));
    }

    /** Adds HTTP/2 at the end of the connection's pipeline: each stream gets the request handlers of HTTP/1.1. */
    void http2(Channel ch) {
        Http2Pipeline.install(ch, routing, bodyBuffers, aggregateLimit(routing.maxBodyBytes()));
    }

    private static int aggregateLimit(long limit) {
        return limit < 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, limit);
    }
}
