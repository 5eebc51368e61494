package dev.litserve4j.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.List;

/**
 * HTTP/1.1 for the server side, as Netty's {@code HttpServerCodec} (which is final) plus one thing
 * it cannot tell: after each read, whether a message was left half decoded. A read can end one
 * request and begin the next; the connection's deadlines must time that beginning as a head, not as
 * an idle connection. Answers to HEAD carry no body, as there. Each read is also counted against the
 * server's budget of body bytes a second ({@link BodyPacer}).
 */
final class ServerCodec extends CombinedChannelDuplexHandler<HttpRequestDecoder, HttpResponseEncoder> {

    /** Told of every read, before and after it is decoded. */
    interface ReadListener {
        void readStarted();

        /** @param partial bytes of a message not yet complete are held by the decoder */
        void readEnded(boolean partial);
    }

    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(); // of requests not yet answered

    ServerCodec(ReadListener listener, BodyPacer pacer) {
        init(new Decoder(listener, pacer), new Encoder());
    }

    private final class Decoder extends HttpRequestDecoder {
        private final ReadListener listener;
        private final BodyPacer pacer;
        private boolean midMessage; // bytes consumed since the last message ended

        Decoder(ReadListener listener, BodyPacer pacer) {
            super(new HttpDecoderConfig());
            this.listener = listener;
            this.pacer = pacer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            int bytes = msg instanceof ByteBuf ? ((ByteBuf) msg).readableBytes() : 0;
            listener.readStarted();
            try {
                super.channelRead(ctx, msg);
            } finally {
                boolean partial = midMessage || actualReadableBytes() > 0;
                listener.readEnded(partial);
                pacer.read(ctx, bytes, partial);
            }
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
            int start = buffer.readerIndex();
            int before = out.size();
            super.decode(ctx, buffer, out);
            for (int i = before; i < out.size(); i++) {
                Object decoded = out.get(i);
                if (decoded instanceof HttpRequest) {
                    methods.add(((HttpRequest) decoded).method());
                }
            }
            if (out.size() > before && out.get(out.size() - 1) instanceof LastHttpContent) {
                midMessage = false;
            } else if (out.size() > before || (buffer.readerIndex() > start
                    && (midMessage || !onlyLineEnds(buffer, start, buffer.readerIndex())))) {
                midMessage = true;
            }
        }
    }

    /**
     * Empty lines between requests, which the decoder skips as RFC 9112 (2.2) asks; a client that ends
     * its body with a stray CRLF has not begun another request, and must not be timed as if it had.
     */
    private static boolean onlyLineEnds(ByteBuf buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = buffer.getByte(i);
            if (b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private final class Encoder extends HttpResponseEncoder {
        @Override
        protected boolean isContentAlwaysEmpty(HttpResponse msg) {
            if (msg.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                return super.isContentAlwaysEmpty(msg); // 100 Continue answers no request by itself
            }
            HttpMethod method = methods.poll(); // null for an answer no head came with (a head timeout)
            return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
        }
    }
}
