package dev.litserve4j.internal.http;

import dev.litserve4j.HttpError;
import dev.litserve4j.internal.form.BodyKind;
import dev.litserve4j.internal.metrics.ApiMeters;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Set;

/**
 * A path's handler and the methods it accepts.
 *
 * @param apiKeyProtected whether {@code X-API-Key} is checked (when the server has a key)
 * @param readsBody whether the handler reads the request body; when not, the handler runs as soon as
 *     the head is in and any body is dropped as it arrives, never buffered
 * @param errors how its error answers are written, including those decided from the head (401, 405, 413)
 * @param meters where its answers are counted: an API's meters, or off for the server's own routes
 * @param authorizer the API's own access check, which replaces the {@code X-API-Key} check; null for none
 * @param body what its body is, which decides the Content-Types refused from the head; null when any is read
 */
public record Route(String path, Set<HttpMethod> methods, boolean apiKeyProtected, boolean readsBody,
        RouteHandler handler, ErrorBody errors, ApiMeters meters, HeadAuthorizer authorizer, BodyKind body) {

    /** A route without an access check of its own. */
    public Route(String path, Set<HttpMethod> methods, boolean apiKeyProtected, boolean readsBody,
            RouteHandler handler, ErrorBody errors, ApiMeters meters) {
        this(path, methods, apiKeyProtected, readsBody, handler, errors, meters, null, null);
    }

    /** A route whose answers are not metered. */
    public Route(String path, Set<HttpMethod> methods, boolean apiKeyProtected, boolean readsBody,
            RouteHandler handler, ErrorBody errors) {
        this(path, methods, apiKeyProtected, readsBody, handler, errors, ApiMeters.off());
    }

    /** A route whose errors are LitServe's {@code {"detail": ...}}. */
    public Route(String path, Set<HttpMethod> methods, boolean apiKeyProtected, boolean readsBody,
            RouteHandler handler) {
        this(path, methods, apiKeyProtected, readsBody, handler, ErrorBody.DETAIL);
    }

    /** A route that reads no body. */
    public Route(String path, Set<HttpMethod> methods, boolean apiKeyProtected, RouteHandler handler) {
        this(path, methods, apiKeyProtected, false, handler);
    }

    /** Handles one request on its connection's I/O thread; must not block. */
    @FunctionalInterface
    public interface RouteHandler {
        void handle(HttpExchange exchange);
    }

    /** This route, with its access decided by {@code value} instead of the {@code X-API-Key} check. */
    public Route withAuthorizer(HeadAuthorizer value) {
        return new Route(path, methods, apiKeyProtected, readsBody, handler, errors, meters, value, body);
    }

    /** This route, taking bodies of {@code kind} only. */
    public Route withBody(BodyKind kind) {
        return new Route(path, methods, apiKeyProtected, readsBody, handler, errors, meters, authorizer, kind);
    }

    /** The 413 of a body over {@code limit} bytes: LitServe's detail, and for a form or bytes the limit too. */
    HttpError tooLarge(long limit) {
        if (body == null || body == BodyKind.JSON) {
            return RequestGate.tooLarge();
        }
        String size = limit % (1 << 20) == 0 ? (limit >> 20) + " MiB" : limit % 1024 == 0 ? (limit >> 10) + " KiB"
                : limit + " bytes";
        return new HttpError(413, "Payload too large: the whole body, files included, may be at most " + size
                + " (the server's maxPayloadSize)");
    }

    public String allowHeader() {
        return String.join(", ", methods.stream().map(HttpMethod::name).sorted().toList());
    }
}
