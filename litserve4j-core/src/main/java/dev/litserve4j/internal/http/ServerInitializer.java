package dev.litserve4j.internal.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;

/**
 * Assembles a connection's pipeline; each handler has one job:
 * <pre>
 *   reads (holds) → codec → messages (deadlines) → gzip → gate (head checks) → aggregator → handler
 * </pre>
 * A connection over the cap gets only a {@link ConnectionRefuser}.
 */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {

    private final Routing routing;
    private final ConnectionWatchdog.Registry watchdogs;
    private final BodyReadBudget bodyBudget;
    private final BodyBufferBudget bodyBuffers;

    ServerInitializer(Routing routing, ConnectionWatchdog.Registry watchdogs) {
        this.routing = routing;
        this.watchdogs = watchdogs;
        this.bodyBudget = new BodyReadBudget(routing.limits().maxBodyReadRate(), System::nanoTime);
        this.bodyBuffers = new BodyBufferBudget(routing.limits().maxBufferedBodyBytes());
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (!routing.connections().register(ch)) {
            p.addLast("refuse", new ConnectionRefuser(routing.connections().max()));
            return;
        }
        ReadSwitch.install(ch);
        ConnectionTimeouts timeouts = new ConnectionTimeouts(routing.limits(), routing.counters(), watchdogs);
        long limit = routing.maxBodyBytes();
        p.addLast("codec", new ServerCodec(timeouts, new BodyPacer(bodyBudget)));
        p.addLast("messages", timeouts.messages());
        p.addLast("gzip", new StreamAwareCompressor());
        p.addLast("gate", new RequestGate(routing, bodyBuffers));
        p.addLast("aggregator", new PayloadLimitAggregator(limit < 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, limit)));
        p.addLast("handler", new RequestHandler(routing));
    }
}
