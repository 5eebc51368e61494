package dev.litserve4j.internal.engine;

import dev.litserve4j.Callback;
import dev.litserve4j.LitApi;
import dev.litserve4j.LitServer;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fires callback events; a callback that throws is logged and skipped, never propagated. */
public final class CallbackDispatcher {

    private static final Logger log = LoggerFactory.getLogger(CallbackDispatcher.class);

    /** The events a worker fires around the hooks of an API. */
    public enum ApiEvent {
        BEFORE_SETUP("onBeforeSetup", Callback::onBeforeSetup),
        AFTER_SETUP("onAfterSetup", Callback::onAfterSetup),
        BEFORE_DECODE_REQUEST("onBeforeDecodeRequest", Callback::onBeforeDecodeRequest),
        AFTER_DECODE_REQUEST("onAfterDecodeRequest", Callback::onAfterDecodeRequest),
        BEFORE_PREDICT("onBeforePredict", Callback::onBeforePredict),
        AFTER_PREDICT("onAfterPredict", Callback::onAfterPredict),
        BEFORE_ENCODE_RESPONSE("onBeforeEncodeResponse", Callback::onBeforeEncodeResponse),
        AFTER_ENCODE_RESPONSE("onAfterEncodeResponse", Callback::onAfterEncodeResponse);

        private final String eventName;
        private final BiConsumer<Callback, LitApi<?, ?>> action;

        ApiEvent(String eventName, BiConsumer<Callback, LitApi<?, ?>> action) {
            this.eventName = eventName;
            this.action = action;
        }
    }

    private final List<Callback> callbacks;

    public CallbackDispatcher(List<Callback> callbacks) {
        this.callbacks = List.copyOf(callbacks);
    }

    public boolean isEmpty() {
        return callbacks.isEmpty();
    }

    public void fire(ApiEvent event, LitApi<?, ?> api) {
        each(event.eventName, cb -> event.action.accept(cb, api));
    }

    public void serverStart(LitServer server) {
        each("onServerStart", cb -> cb.onServerStart(server));
    }

    public void serverEnd(LitServer server) {
        each("onServerEnd", cb -> cb.onServerEnd(server));
    }

    public void request(LitServer server, Integer activeRequests) {
        each("onRequest", cb -> cb.onRequest(server, activeRequests));
    }

    public void response(LitServer server) {
        each("onResponse", cb -> cb.onResponse(server));
    }

    public void shutdownRequested(LitServer server, java.net.InetSocketAddress client,
            dev.litserve4j.Callback.ShutdownOutcome outcome) {
        each("onShutdownRequested", cb -> cb.onShutdownRequested(server, client, outcome));
    }

    private void each(String eventName, Consumer<Callback> action) {
        for (Callback callback : callbacks) {
            try {
                action.accept(callback);
            } catch (RuntimeException e) {
                log.error("Error in callback '{}' during event '{}'", callback.getClass().getName(), eventName, e);
            }
        }
    }
}
