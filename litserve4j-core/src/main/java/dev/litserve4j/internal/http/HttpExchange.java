package dev.litserve4j.internal.http;

import dev.litserve4j.Exchange;
import dev.litserve4j.Middleware;
import dev.litserve4j.internal.engine.ClientGoneException;
import dev.litserve4j.internal.engine.ErrorMapping;
import dev.litserve4j.internal.engine.RequestState;
import dev.litserve4j.internal.metrics.ApiMeters;
import dev.litserve4j.internal.metrics.Rejection;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request on a connection and the single answer it gets. Who may write that answer is decided by
 * the exchange's {@link RequestState}: the send methods claim it first and do nothing when they lose.
 * They may be called from any thread; the answer is written on the connection's event loop.
 */
public final class HttpExchange implements Exchange {

    private static final Logger log = LoggerFactory.getLogger(HttpExchange.class);
    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";
    /** The access log's status of a request whose client left before its answer was complete (nginx's). */
    static final int CLIENT_CLOSED_REQUEST = 499;

    private final Channel channel;
    private final FullHttpRequest request;
    private final String path;
    private final Route route;
    private final Routing routing;
    private final Runnable onWritten;
    private final BooleanSupplier lastBeforeClose;
    private final RequestState state = new RequestState();
    private final String requestId;
    private final long startNanos = System.nanoTime();
    private volatile long bytesSent; // of the body: written by one thread at a time
    private HttpHeaders responseHeaders; // created by the first middleware that sets one; event loop only
    private volatile Runnable afterSuccess;
    private volatile boolean closeAfterResponse;
    private volatile boolean lingerOnClose;
    private volatile Runnable whenDone;
    private volatile IntConsumer whenClientGone;
    private volatile Runnable writabilityListener;
    private volatile Rejection cutFor; // set when a stream is cut: its end is then no complete answer
    // The server's own warm-up request: in no meter and no access log. Written by the route on the event
    // loop before the request is queued, so every later reader sees it.
    private boolean warmup;

    /**
     * @param path the request's decoded path
     * @param route the route on that path, or null
     * @param onWritten runs on the event loop once the answer is written and the connection stays open
     * @param lastBeforeClose asked when the head is built: true when this is the connection's last answer
     *     (the server is draining and nothing waits behind it), which then says {@code Connection: close}
     */
    HttpExchange(Channel channel, FullHttpRequest request, String path, Route route, Routing routing,
            Runnable onWritten, BooleanSupplier lastBeforeClose) {
        this.channel = channel;
        this.request = request;
        this.path = path;
        this.route = route;
        this.routing = routing;
        this.onWritten = onWritten;
        this.lastBeforeClose = lastBeforeClose;
        this.requestId = RequestIds.assign(request.headers());
    }

    /** The request's id ({@link RequestIds}): the client's {@code X-Request-Id}, or one made for it. */
    public String requestId() {
        return requestId;
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

    /** The one state of this request: who may still answer it. */
    public RequestState state() {
        return state;
    }

    Routing routing() {
        return routing;
    }

    /** The route on this request's path, or null when there is none (a 404). */
    Route route() {
        return route;
    }

    /** When the request's head was read ({@link System#nanoTime()}). */
    long startNanos() {
        return startNanos;
    }

    private ApiMeters meters() {
        return route == null || warmup ? ApiMeters.off() : route.meters();
    }

    /** Marks this request as the server's own warm-up: it is counted nowhere a user looks. */
    void markWarmup() {
        warmup = true;
    }

    boolean isWarmup() {
        return warmup;
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
     * Runs once the request stops counting as active: its answer was written or failed to be, or it
     * was given up (a drain must not stop the event loops while an answer is still queued).
     */
    public void whenDone(Runnable action) {
        this.whenDone = action;
    }

    /**
     * Runs on the event loop when the client leaves before its answer was complete, after the cut,
     * with the state the request was in.
     */
    public void whenClientGone(IntConsumer action) {
        this.whenClientGone = action;
    }

    /** Closes the connection after the answer, whatever the client asked for. */
    public void closeAfterResponse() {
        this.closeAfterResponse = true;
    }

    /**
     * Closes the connection after the answer, but reads and drops what the client still sends for a
     * moment first: closing a socket with unread data resets it, and a reset can destroy the answer
     * before the client reads it.
     */
    void lingerAfterResponse() {
        this.closeAfterResponse = true;
        this.lingerOnClose = true;
    }

    public boolean sendText(int status, String text) {
        return send(status, TEXT, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public boolean sendJson(int status, byte[] body) {
        return send(status, JSON, body, Map.of());
    }

    /**
     * Sends what {@code error} maps to, with its status and headers, in the error shape of the route
     * on this path: {@code {"detail": ...}} unless the route says otherwise (an unknown path has no
     * route and keeps it).
     */
    public boolean sendError(Throwable error) {
        if (!state.answer()) {
            return false;
        }
        byte[] body;
        ErrorMapping.Mapped mapped;
        ErrorBody errors = errorBody();
        try {
            mapped = ErrorMapping.map(error, "request " + requestId);
            body = errors.write(error, mapped, routing.codec());
        } catch (Throwable t) { // an error detail that cannot even be written: the answer still goes out
            log.error("request {}: cannot write the detail of an error answer; answering 500 instead", requestId, t);
            mapped = new ErrorMapping.Mapped(500, ErrorMapping.INTERNAL_ERROR.detail(), Map.of());
            body = ErrorBody.DETAIL.write(ErrorMapping.INTERNAL_ERROR, mapped, routing.codec());
        }
        Rejection rejection = Refusal.of(error, mapped.status());
        if (rejection != null) {
            meters().rejected(rejection);
        }
        dispatch(mapped.status(), JSON, body, mapped.headers());
        return true;
    }

    private ErrorBody errorBody() {
        return route == null ? ErrorBody.DETAIL : route.errors();
    }

    /** Sends a complete answer, unless the request was answered or given up; true when this call answered. */
    public boolean send(int status, String contentType, byte[] body, Map<String, String> headers) {
        if (!state.answer()) {
            return false;
        }
        dispatch(status, contentType, body, headers);
        return true;
    }

    private void dispatch(int status, String contentType, byte[] body, Map<String, String> headers) {
        if (channel.eventLoop().inEventLoop()) {
            write(status, contentType, body, headers);
            return;
        }
        try {
            channel.eventLoop().execute(() -> write(status, contentType, body, headers));
        } catch (RejectedExecutionException stopped) {
            done(); // the event loop is gone, and the connection with it
        }
    }

    /**
     * The client left (event loop): a request not yet answered is cut, so no worker computes it and
     * no stream waits for it.
     */
    void clientGone() {
        int was = state.cut();
        if (was < 0) {
            return;
        }
        IntConsumer action = whenClientGone;
        if (action != null) {
            action.accept(was);
        }
        meters().rejected(Rejection.CLIENT_GONE);
        logAccess(CLIENT_CLOSED_REQUEST);
        done();
    }

    /** After a cut won by the caller (a stalled reader): closes the connection and stops counting the request. */
    void abandon() {
        meters().rejected(Rejection.STALLED);
        channel.close();
        done();
    }

    /** A stream was cut after the caller won the cut; its last write is counted as a rejection, not an answer. */
    void cutFor(Rejection cause) {
        this.cutFor = cause;
    }

    private void done() {
        Runnable action = whenDone;
        if (action != null) {
            action.run();
        }
    }

    private void write(int status, String contentType, byte[] body, Map<String, String> headers) {
        bytesSent = request.method() == HttpMethod.HEAD ? 0 : body.length;
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        try {
            HttpUtil.setContentLength(response, body.length);
            headers.forEach(response.headers()::set);
            prepare(response, status, contentType);
        } catch (RuntimeException e) {
            // A header a middleware set that HTTP cannot carry: the answer must still go out.
            log.error("request {}: cannot build the response head; answering 500 instead", requestId, e);
            response.release();
            byte[] fallback = routing.codec().detail(ErrorMapping.INTERNAL_ERROR.detail());
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    Unpooled.wrappedBuffer(fallback));
            HttpUtil.setContentLength(response, fallback.length);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, JSON);
            response.headers().set(RequestIds.HEADER, requestId);
            status = 500;
            bytesSent = fallback.length;
        }
        channel.writeAndFlush(response).addListener(completion(status));
    }

    /**
     * Sends the head of a 200 streamed answer (chunked), after the caller won {@link RequestState#open};
     * the caller writes the chunks and then calls {@link #endStream()}. Callable from any thread: the
     * writes reach the event loop in call order.
     */
    void startStream(String contentType) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpUtil.setTransferEncodingChunked(head, true);
        if (channel.eventLoop().inEventLoop()) {
            prepare(head, 200, contentType);
            channel.write(head);
        } else {
            // Middlewares run on the event loop; the head goes out before any chunk queued after it.
            try {
                channel.eventLoop().execute(() -> {
                    prepare(head, 200, contentType);
                    channel.write(head);
                });
            } catch (RejectedExecutionException stopped) {
                done(); // the event loop is gone, and the connection with it
                throw new ClientGoneException("the server stopped before the stream began");
            }
        }
    }

    /** Ends a streamed answer, after the caller won {@link RequestState#finish} or a cut. */
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

    private boolean keepAlive() {
        return !closeAfterResponse && HttpUtil.isKeepAlive(request) && !lastBeforeClose.getAsBoolean();
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
                log.error("request {}: middleware {} failed in onResponse", requestId, middleware.getClass().getName(), e);
            }
        }
        if (responseHeaders != null) {
            h.add(responseHeaders);
        }
        if (!h.contains(RequestIds.HEADER)) { // a middleware that sets its own id has the last word
            h.set(RequestIds.HEADER, requestId);
        }
        if (!keepAlive()) {
            closeAfterResponse = true; // decided once, with the head: the completion closes
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /** Counts body bytes of a streamed answer for the access log; called by the one thread writing them. */
    void sent(int bytes) {
        bytesSent += bytes;
    }

    private void logAccess(int status) {
        AccessLog access = routing.accessLog();
        if (access.enabled() && !warmup) {
            access.record(new AccessLog.Entry(System.currentTimeMillis(), channel.remoteAddress(),
                    request.method().name(), path, status, bytesSent, System.nanoTime() - startNanos, requestId));
        }
    }

    private ChannelFutureListener completion(int status) {
        Runnable after = status < 300 ? afterSuccess : null;
        return future -> {
            done();
            Rejection cut = cutFor;
            if (cut != null) {
                meters().rejected(cut);
            } else if (future.isSuccess()) {
                meters().answered(status, System.nanoTime() - startNanos);
            } else {
                meters().rejected(Rejection.CLIENT_GONE); // reset while the answer was written
            }
            logAccess(status);
            if (!future.isSuccess()) {
                future.channel().close();
                return;
            }
            if (after != null) {
                after.run();
            }
            if (closeAfterResponse) {
                if (lingerOnClose) {
                    Lingering.close(future.channel());
                } else {
                    future.channel().close();
                }
                return;
            }
            onWritten.run();
        };
    }
}
