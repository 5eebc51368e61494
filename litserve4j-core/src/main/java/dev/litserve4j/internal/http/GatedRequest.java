package dev.litserve4j.internal.http;

import dev.litserve4j.HttpError;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A request decided from its head alone, with an empty body (whatever body it had is dropped as it
 * arrives): a rejection with its error, or a request to a route that reads no body. It takes its
 * turn in {@link RequestHandler} like any other request, so answers stay in order on a pipelined
 * connection.
 */
final class GatedRequest extends DefaultFullHttpRequest {

    private final HttpError error;
    private final boolean malformed;
    private final boolean closeAfter;

    private GatedRequest(HttpRequest head, HttpError error, boolean malformed, boolean closeAfter) {
        super(head.protocolVersion(), head.method(), head.uri(), Unpooled.EMPTY_BUFFER, head.headers(),
                EmptyHttpHeaders.INSTANCE);
        this.error = error;
        this.malformed = malformed;
        this.closeAfter = closeAfter;
    }

    /** A request to a route that reads no body: handled as soon as its head is in. */
    static GatedRequest headOnly(HttpRequest head) {
        return new GatedRequest(head, null, false, false);
    }

    /** A well-formed request refused from its head (404, 405, 401, 413, 408 ...). */
    static GatedRequest rejected(HttpRequest head, HttpError error, boolean closeAfter) {
        return new GatedRequest(head, error, false, closeAfter);
    }

    /** A request that cannot be understood: answered 400 before any filter, then the connection closes. */
    static GatedRequest malformed(HttpRequest head, String detail) {
        return new GatedRequest(head, new HttpError(400, detail), true, true);
    }

    /** The answer decided from the head, or null when the route handles the request. */
    HttpError error() {
        return error;
    }

    boolean isMalformed() {
        return malformed;
    }

    /** True when the connection closes after this answer (the rest of its body is not read). */
    boolean closeAfter() {
        return closeAfter;
    }
}
