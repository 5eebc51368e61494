package dev.litserve4j;

/**
 * An HTTP filter around every route (LitServe's middlewares). {@link #onRequest} may reject a request
 * by throwing {@link HttpError}; {@link #onResponse} may add headers to the answer.
 *
 * <pre>{@code
 * Middleware requestId = new Middleware() {
 *     public void onResponse(Exchange exchange, int status) {
 *         exchange.setResponseHeader("X-Request-Id", UUID.randomUUID().toString());
 *     }
 * };
 * }</pre>
 *
 * <p>Both run on the connection's I/O thread: they must not block.
 */
public interface Middleware {

    /** Inspects a request before it is routed; throw {@link HttpError} to answer it here. */
    default void onRequest(Exchange exchange) {
    }

    /** Called just before the response head is written; may set response headers. */
    default void onResponse(Exchange exchange, int status) {
    }
}
