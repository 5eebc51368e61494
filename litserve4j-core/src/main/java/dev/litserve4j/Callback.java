package dev.litserve4j;

/**
 * Observes the server's and the workers' lifecycle, with LitServe's events. Override the events you
 * need; an exception thrown from a callback is logged and swallowed, never reaching a client.
 *
 * <p>When they fire:
 * <ul>
 *   <li>{@code onServerStart}: once per {@link LitApi} when the server is built;
 *       {@code onServerEnd}: once when the server has stopped, on a thread of its own, with what is
 *       left of the graceful timeout: a callback still running at the deadline goes on while the
 *       server stops, which logs a warning and makes the stop unclean.</li>
 *   <li>{@code onBeforeSetup}/{@code onAfterSetup}: on each worker thread around
 *       {@link LitApi#setup(Device)} (after-setup is skipped when setup fails).</li>
 *   <li>{@code onRequest}: on the I/O thread before a request is queued, with the number of active
 *       requests when {@code trackRequests} is on (else null); {@code onResponse}: after a successful
 *       response was handed to the connection.</li>
 *   <li>decode, predict and encode events: on the worker thread around each hook, once per request,
 *       or once per batch when the API is batched.</li>
 *   <li>{@code onShutdownRequested}: on the I/O thread for every call of the shutdown route, accepted
 *       or refused, so that monitoring can record it.</li>
 * </ul>
 *
 * <p>Callbacks run on server threads: keep them short, and thread-safe.
 */
public interface Callback {

    /** What became of a call to the shutdown route. */
    enum ShutdownOutcome {
        /** The key was right: the graceful shutdown started. */
        ACCEPTED,
        /** No {@code Authorization} header. */
        MISSING_KEY,
        /** An {@code Authorization} header that is not {@code Bearer <key>}. */
        MALFORMED_KEY,
        /** A bearer token that is not the key. */
        WRONG_KEY,
        /**
         * Refused without checking the key: too many failed attempts from the address or on the whole
         * server, or too many attempts waiting for a key file to be checked.
         */
        RATE_LIMITED,
        /** Refused: the key file could not be read, so no key can be accepted. */
        KEY_UNAVAILABLE
    }

    default void onServerStart(LitServer server) {
    }

    default void onServerEnd(LitServer server) {
    }

    default void onBeforeSetup(LitApi<?, ?> api) {
    }

    default void onAfterSetup(LitApi<?, ?> api) {
    }

    default void onRequest(LitServer server, Integer activeRequests) {
    }

    default void onResponse(LitServer server) {
    }

    default void onBeforeDecodeRequest(LitApi<?, ?> api) {
    }

    default void onAfterDecodeRequest(LitApi<?, ?> api) {
    }

    default void onBeforePredict(LitApi<?, ?> api) {
    }

    default void onAfterPredict(LitApi<?, ?> api) {
    }

    default void onBeforeEncodeResponse(LitApi<?, ?> api) {
    }

    default void onAfterEncodeResponse(LitApi<?, ?> api) {
    }

    /** A call of the shutdown route, with the caller's address and what became of it; never the key. */
    default void onShutdownRequested(LitServer server, java.net.InetSocketAddress client, ShutdownOutcome outcome) {
    }
}
