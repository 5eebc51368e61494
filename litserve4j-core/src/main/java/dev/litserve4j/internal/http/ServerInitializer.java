package dev.litserve4j.internal.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;

/**
 * Assembles a connection's pipeline; each handler has one job:
 * <pre>
 *   codec → messages (deadlines) → gzip → gate (head checks) → aggregator → handler
 * </pre>
 * A connection over the cap gets only a {@link ConnectionRefuser}.
 */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {

    private final Routing routing;
    private final ConnectionWatchdog.Registry watchdogs;

    ServerInitializer(Routing routing, ConnectionWatchdog.Registry watchdogs) {
        this.routing = routing;
        this.watchdogs = watchdogs;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (!routing.connections().register(ch)) {
            p.addLast("refuse", new ConnectionRefuser(routing.connections().max()));
            return;
        }
        ConnectionTimeouts timeouts = new ConnectionTimeouts(routing.limits(), routing.counters(), watchdogs);
        long limit = routing.maxBodyBytes();
        p.addLast("codec", new ServerCodec(timeouts));
        p.addLast("messages", timeouts.messages());
        p.addLast("gzip", new StreamAwareCompressor());
        p.addLast("gate", new RequestGate(routing));
        p.addLast("aggregator", new PayloadLimitAggregator(limit < 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, limit)));
        p.addLast("handler", new RequestHandler(routing));
    }
}
