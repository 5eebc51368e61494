package dev.litserve4j.internal.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the TLS handshake, the protocol the client chose by ALPN: HTTP/2, or HTTP/1.1 (also for a
 * client that offered nothing). Until then a connection counts as one that has not sent a request
 * yet ({@link Connections}). A failed handshake is the client's doing: logged at DEBUG, closed.
 */
final class ProtocolNegotiation extends ApplicationProtocolNegotiationHandler {

    private static final Logger log = LoggerFactory.getLogger(ProtocolNegotiation.class);

    private final ServerInitializer pipelines;

    ProtocolNegotiation(ServerInitializer pipelines) {
        super(TlsContexts.HTTP_1_1);
        this.pipelines = pipelines;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (TlsContexts.H2.equals(protocol)) {
            pipelines.http2(ctx.channel());
        } else if (TlsContexts.HTTP_1_1.equals(protocol)) {
            pipelines.http1(ctx.channel());
        } else {
            log.debug("closing {}: it negotiated {}, which is not served", ctx.channel().remoteAddress(), protocol);
            ctx.close();
        }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
