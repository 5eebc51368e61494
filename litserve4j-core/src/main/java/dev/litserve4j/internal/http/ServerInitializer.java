package dev.litserve4j.internal.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/** Assembles a connection's pipeline; each handler has one job. */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {

    private final Routing routing;
    private final int maxContentLength;

    ServerInitializer(Routing routing, int maxContentLength) {
        this.routing = routing;
        this.maxContentLength = maxContentLength;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        routing.connections().register(ch);
        ChannelPipeline p = ch.pipeline();
        p.addLast("codec", new HttpServerCodec());
        p.addLast("gzip", new StreamAwareCompressor());
        p.addLast("aggregator", new PayloadLimitAggregator(maxContentLength));
        // After the aggregator, so that a 413 written by the aggregator is not closed on by this handler
        // before the rest of the body is drained.
        p.addLast("keepAlive", new HttpServerKeepAliveHandler());
        p.addLast("handler", new RequestHandler(routing));
    }
}
