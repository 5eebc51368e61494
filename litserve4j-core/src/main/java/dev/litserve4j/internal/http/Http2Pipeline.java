package dev.litserve4j.internal.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/2 on a TLS connection: Netty's frame codec and multiplexer, and on each stream the request
 * handlers of HTTP/1.1 behind a frame-to-HTTP-object codec, so routing, keys, limits, gzip, request
 * ids, streams and the shutdown route are the same code. The conversion drops the headers HTTP/2
 * forbids ({@code Connection}, {@code Transfer-Encoding}, {@code Keep-Alive}). When the connection
 * closes is {@link Http2Lifecycle}'s decision.
 */
final class Http2Pipeline {

    /** Streams a client may have open at once, as nginx's 128: each is a request in flight. */
    static final int MAX_CONCURRENT_STREAMS = 128;
    /** As the 8 KiB of an HTTP/1.1 head. */
    static final int MAX_HEADER_LIST_BYTES = 8192;

    private Http2Pipeline() {
    }

    static void install(Channel ch, Routing routing, BodyBufferBudget bodyBuffers, int maxBody) {
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                        .maxHeaderListSize(MAX_HEADER_LIST_BYTES))
                .build();
        ChannelPipeline p = ch.pipeline();
        p.addLast("h2-idle", new IdleStateHandler(0, 0, routing.limits().idleTimeout().toNanos(), TimeUnit.NANOSECONDS));
        p.addLast("h2", codec);
        p.addLast("h2-lifecycle", new Http2Lifecycle(codec));
        p.addLast("h2-streams", new Http2MultiplexHandler(new StreamInitializer(routing, bodyBuffers, maxBody)));
    }

    /** One request per stream, through the same handlers as an HTTP/1.1 connection's. */
    private static final class StreamInitializer extends ChannelInitializer<Http2StreamChannel> {
        private final Routing routing;
        private final BodyBufferBudget bodyBuffers;
        private final int maxBody;

        StreamInitializer(Routing routing, BodyBufferBudget bodyBuffers, int maxBody) {
            this.routing = routing;
            this.bodyBuffers = bodyBuffers;
            this.maxBody = maxBody;
        }

        @Override
        protected void initChannel(Http2StreamChannel ch) {
            ChannelPipeline p = ch.pipeline();
            p.addLast("h2-http", new Http2StreamFrameToHttpObjectCodec(true));
            p.addLast("body-deadline", new Http2BodyDeadline(routing.limits().bodyIdleTimeout().toNanos()));
            p.addLast("head", new HeadAnswers());
            p.addLast("gzip", new StreamAwareCompressor());
            p.addLast("gate", new RequestGate(routing, bodyBuffers));
            if (routing.router().takesForms()) {
                p.addLast("spool", new BodySpooler(maxBody));
            }
            p.addLast("aggregator", new PayloadLimitAggregator(maxBody));
            p.addLast("handler", new RequestHandler(routing));
        }
    }
}
