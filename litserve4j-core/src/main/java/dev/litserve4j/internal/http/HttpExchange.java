package dev.litserve4j.internal.http;

import dev.litserve4j.Exchange;
import dev.litserve4j.Middleware;
import dev.litserve4j.internal.engine.ClientGoneException;
import dev.litserve4j.internal.engine.ErrorMapping;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request on a connection and the single response it gets. The send methods may be called from
 * any thread; the response is written on the connection's event loop, once.
 */
public final class HttpExchange implements Exchange {

    private static final Logger log = LoggerFactory.getLogger(HttpExchange.class);
    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    private final Channel channel;
    private final Runnable onWritten;
    private final java.util.function.BooleanSupplier lastBeforeClose;
    private final FullHttpRequest request;
    private final String path;
    private final Routing routing;
    private HttpHeaders responseHeaders; // created by the first middleware that sets one; event loop only
    private final AtomicBoolean sent = new AtomicBoolean();
    private volatile Runnable afterSuccess;
    private volatile boolean closeAfterResponse;
    private volatile Runnable whenDone;
    private volatile Runnable writabilityListener;

    /**
     * @param onWritten runs on the event loop once the response is written
     * @param lastBeforeClose asked when the head is built: true when this is the connection's last answer
     *     (the server is draining and nothing waits behind it), which then says {@code Connection: close}
     */
    HttpExchange(Channel channel, FullHttpRequest request, Routing routing, Runnable onWritten,
            java.util.function.BooleanSupplier lastBeforeClose) {
        this.channel = channel;
        this.onWritten = onWritten;
        this.lastBeforeClose = lastBeforeClose;
        this.request = request;
        this.path = new QueryStringDecoder(request.uri()).path();
        this.routing = routing;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String uri() {
        return request.uri();
    }

    @Override
    public String header(String name) {
        return request.headers().get(name);
    }

    /** The request headers (valid for the exchange's lifetime: headers are not reference-counted). */
    public HttpHeaders headers() {
        return request.headers();
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public void setResponseHeader(String name, String value) {
        if (responseHeaders == null) {
            responseHeaders = new DefaultHttpHeaders();
        }
        responseHeaders.set(name, value);
    }

    public Channel channel() {
        return channel;
    }

    /** A copy of the body; only valid while the route handler runs (the buffer is released after). */
    public byte[] bodyBytes() {
        return ByteBufUtil.getBytes(request.content());
    }

    /** Runs on the event loop after a 2xx response was written (the {@code onResponse} callback). */
    public void afterSuccess(Runnable action) {
        this.afterSuccess = action;
    }

    /**
     * Runs once the response has been written or has failed to be: the moment a request stops
     * counting as active (a drain must not stop the event loops while an answer is still queued).
     */
    public void whenDone(Runnable action) {
        this.whenDone = action;
    }

    /** Closes the connection after the response, whatever the client asked for. */
    public void closeAfterResponse() {
        this.closeAfterResponse = true;
    }

    public void sendText(int status, String text) {
        send(status, TEXT, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public void sendJson(int status, byte[] body) {
        send(status, JSON, body, Map.of());
    }

    /** Sends what {@code error} maps to: {@code {"detail": ...}} with its status and headers. */
    public void sendError(Throwable error) {
        ErrorMapping.Mapped mapped = ErrorMapping.map(error);
        send(mapped.status(), JSON, routing.codec().detail(mapped.detail()), mapped.headers());
    }

    public void send(int status, String contentType, byte[] body, Map<String, String> headers) {
        if (!sent.compareAndSet(false, true)) {
            return;
        }
        if (channel.eventLoop().inEventLoop()) {
            write(status, contentType, body, headers);
            return;
        }
        try {
            channel.eventLoop().execute(() -> write(status, contentType, body, headers));
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            done(); // the event loop is gone, and the connection with it
        }
    }

    private void done() {
        Runnable action = whenDone;
        if (action != null) {
            action.run();
        }
    }

    private void write(int status, String contentType, byte[] body, Map<String, String> headers) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        try {
            HttpUtil.setContentLength(response, body.length);
            headers.forEach(response.headers()::set);
            prepare(response, status, contentType);
        } catch (RuntimeException e) {
            // A header a middleware set that HTTP cannot carry: the answer must still go out.
            log.error("cannot build the response head; answering 500 instead", e);
            response.release();
            byte[] fallback = routing.codec().detail(ErrorMapping.INTERNAL_ERROR.detail());
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    Unpooled.wrappedBuffer(fallback));
            HttpUtil.setContentLength(response, fallback.length);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, JSON);
            status = 500;
        }
        channel.writeAndFlush(response).addListener(completion(status));
    }

    /**
     * Sends the head of a 200 streamed answer (chunked); the caller writes the chunks and then calls
     * {@link #endStream()}. Callable from any thread: the writes reach the event loop in call order.
     */
    void startStream(String contentType) {
        if (!sent.compareAndSet(false, true)) {
            // Answered already (an error written while the request was still queued): no second head.
            throw new ClientGoneException("the request was answered already");
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpUtil.setTransferEncodingChunked(head, true);
        if (channel.eventLoop().inEventLoop()) {
            prepare(head, 200, contentType);
            channel.write(head);
        } else {
            // Middlewares run on the event loop; the head goes out before any chunk queued after it.
            channel.eventLoop().execute(() -> {
                prepare(head, 200, contentType);
                channel.write(head);
            });
        }
    }

    /** Ends a streamed answer. */
    void endStream() {
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(completion(200));
    }

    /** Runs {@code action} on the event loop whenever the connection's writability changes or it closes. */
    void onWritabilityChange(Runnable action) {
        this.writabilityListener = action;
    }

    /** Event loop: the connection's writability changed, or it closed. */
    void writabilityChanged() {
        Runnable action = writabilityListener;
        if (action != null) {
            action.run();
        }
    }

    private void prepare(HttpResponse response, int status, String contentType) {
        HttpHeaders h = response.headers();
        if (contentType != null) {
            h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        for (Middleware middleware : routing.middlewares()) {
            try {
                middleware.onResponse(this, status);
            } catch (RuntimeException e) {
                log.error("middleware {} failed in onResponse", middleware.getClass().getName(), e);
            }
        }
        if (responseHeaders != null) {
            h.add(responseHeaders);
        }
        if (closeAfterResponse || lastBeforeClose.getAsBoolean()) {
            // HttpServerKeepAliveHandler closes the connection once this response is written.
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    private ChannelFutureListener completion(int status) {
        Runnable after = status < 300 ? afterSuccess : null;
        return future -> {
            done();
            if (!future.isSuccess()) {
                future.channel().close();
                return;
            }
            if (after != null) {
                after.run();
            }
            onWritten.run();
        };
    }
}
