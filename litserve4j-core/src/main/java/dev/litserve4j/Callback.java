package dev.litserve4j;

/**
 * Observes the server's and the workers' lifecycle, with LitServe's events. Override the events you
 * need; an exception thrown from a callback is logged and swallowed, never reaching a client.
 *
 * <p>When they fire:
 * <ul>
 *   <li>{@code onServerStart}: once per {@link LitApi} when the server is built;
 *       {@code onServerEnd}: once when the server has stopped.</li>
 *   <li>{@code onBeforeSetup}/{@code onAfterSetup}: on each worker thread around
 *       {@link LitApi#setup(Device)} (after-setup is skipped when setup fails).</li>
 *   <li>{@code onRequest}: on the I/O thread before a request is queued, with the number of active
 *       requests when {@code trackRequests} is on (else null); {@code onResponse}: after a successful
 *       response was handed to the connection.</li>
 *   <li>decode, predict and encode events: on the worker thread around each hook, once per request,
 *       or once per batch when the API is batched.</li>
 * </ul>
 *
 * <p>Callbacks run on server threads: keep them short, and thread-safe.
 */
public interface Callback {

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
}
