package dev.litserve4j.internal.engine;

import static dev.litserve4j.internal.engine.CallbackDispatcher.ApiEvent.AFTER_DECODE_REQUEST;
import static dev.litserve4j.internal.engine.CallbackDispatcher.ApiEvent.AFTER_ENCODE_RESPONSE;
import static dev.litserve4j.internal.engine.CallbackDispatcher.ApiEvent.AFTER_PREDICT;
import static dev.litserve4j.internal.engine.CallbackDispatcher.ApiEvent.BEFORE_DECODE_REQUEST;
import static dev.litserve4j.internal.engine.CallbackDispatcher.ApiEvent.BEFORE_ENCODE_RESPONSE;
import static dev.litserve4j.internal.engine.CallbackDispatcher.ApiEvent.BEFORE_PREDICT;

import dev.litserve4j.Emitter;
import dev.litserve4j.HttpError;
import dev.litserve4j.LitApi;
import dev.litserve4j.RequestContext;
import dev.litserve4j.internal.json.JsonCodec;
import dev.litserve4j.internal.spec.SpecCodec;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an API's hooks for one request or one batch, firing callbacks around them, and answers each
 * request. Exceptions become answers; an {@link Error} propagates to the worker, which owns the
 * decision of what a dying worker means.
 */
final class RequestPipeline {

    private static final Logger log = LoggerFactory.getLogger(RequestPipeline.class);

    private final LitApi<Object, Object> api;
    private final InputBinder binder;
    private final JsonCodec codec;
    private final CallbackDispatcher callbacks;
    private final SpecCodec spec;

    /** @param spec the API's wire protocol, or null for plain JSON */
    @SuppressWarnings("unchecked")
    RequestPipeline(LitApi<?, ?> api, JsonCodec codec, CallbackDispatcher callbacks, SpecCodec spec) {
        this.api = (LitApi<Object, Object>) api;
        this.binder = new InputBinder(api, codec);
        this.codec = codec;
        this.callbacks = callbacks;
        this.spec = spec;
    }

    /** The request's body as the API's input, before {@code decodeRequest}. */
    Object read(PendingRequest request) {
        return spec == null ? binder.read(request) : spec.decode(request.takeBody(), request.context());
    }

    /** What {@code encodeResponse} returned, as the answer's bytes. */
    byte[] write(Object encoded, RequestContext context) {
        return spec == null ? codec.write(encoded) : spec.encode(encoded, context);
    }

    void runOne(PendingRequest request) {
        RequestContext context = request.context();
        try {
            callbacks.fire(BEFORE_DECODE_REQUEST, api);
            Object input = api.decodeRequest(read(request), context);
            callbacks.fire(AFTER_DECODE_REQUEST, api);

            callbacks.fire(BEFORE_PREDICT, api);
            Object output = api.predict(input, context);
            callbacks.fire(AFTER_PREDICT, api);

            callbacks.fire(BEFORE_ENCODE_RESPONSE, api);
            byte[] body = write(api.encodeResponse(output, context), context);
            callbacks.fire(AFTER_ENCODE_RESPONSE, api);
            request.succeed(body);
        } catch (Exception e) {
            request.fail(e);
        }
    }

    void runBatch(List<PendingRequest> batch) {
        // Bad input is answered per request: one malformed body must not fail its neighbours.
        callbacks.fire(BEFORE_DECODE_REQUEST, api);
        List<PendingRequest> live = new ArrayList<>(batch.size());
        List<Object> inputs = new ArrayList<>(batch.size());
        List<RequestContext> contexts = new ArrayList<>(batch.size());
        for (PendingRequest request : batch) {
            try {
                inputs.add(api.decodeRequest(read(request), request.context()));
                live.add(request);
                contexts.add(request.context());
            } catch (Exception e) {
                request.fail(e);
            }
        }
        callbacks.fire(AFTER_DECODE_REQUEST, api);
        if (live.isEmpty()) {
            return;
        }

        List<Object> outputs;
        try {
            callbacks.fire(BEFORE_PREDICT, api);
            outputs = api.predictBatch(List.copyOf(inputs), List.copyOf(contexts));
            callbacks.fire(AFTER_PREDICT, api);
        } catch (Exception e) {
            failAll(live, e);
            return;
        }
        if (outputs == null || outputs.size() != live.size()) {
            log.error("{}.predictBatch returned {} outputs for a batch of {}: every output must match one input",
                    api.getClass().getName(), outputs == null ? "null" : outputs.size(), live.size());
            failAll(live, new HttpError(500, "Batch size mismatch"));
            return;
        }

        callbacks.fire(BEFORE_ENCODE_RESPONSE, api);
        Object[] answers = new Object[live.size()];
        for (int i = 0; i < answers.length; i++) {
            try {
                answers[i] = write(api.encodeResponse(outputs.get(i), contexts.get(i)), contexts.get(i));
            } catch (Exception e) {
                answers[i] = e;
            }
        }
        callbacks.fire(AFTER_ENCODE_RESPONSE, api);
        for (int i = 0; i < answers.length; i++) {
            if (answers[i] instanceof byte[]) {
                live.get(i).succeed((byte[]) answers[i]);
            } else {
                live.get(i).fail((Exception) answers[i]);
            }
        }
    }

    void streamOne(PendingRequest request) {
        RequestContext context = request.context();
        try {
            callbacks.fire(BEFORE_DECODE_REQUEST, api);
            Object decoded = read(request);
            Object input = api.decodeRequest(decoded, context);
            callbacks.fire(AFTER_DECODE_REQUEST, api);

            callbacks.fire(BEFORE_PREDICT, api);
            callbacks.fire(BEFORE_ENCODE_RESPONSE, api);
            int choices = spec == null ? 1 : spec.choices(decoded);
            for (int choice = 0; choice < choices; choice++) {
                if (choices > 1) {
                    context.put(SpecCodec.CHOICE, choice);
                }
                api.predictStream(input, context, new RequestEmitter(request, null));
            }
            callbacks.fire(AFTER_PREDICT, api);
            callbacks.fire(AFTER_ENCODE_RESPONSE, api);
            request.endStream();
        } catch (ClientGoneException gone) {
            log.debug("request {}: stream to {} ended early: {}", context.requestId(), context.path(), gone.getMessage());
            request.endStream();
        } catch (Exception e) {
            request.fail(e);
        }
    }

    void streamBatch(List<PendingRequest> batch) {
        callbacks.fire(BEFORE_DECODE_REQUEST, api);
        List<PendingRequest> live = new ArrayList<>(batch.size());
        List<Object> inputs = new ArrayList<>(batch.size());
        List<RequestContext> contexts = new ArrayList<>(batch.size());
        List<Emitter<Object>> emitters = new ArrayList<>(batch.size());
        java.util.concurrent.atomic.AtomicInteger listening = new java.util.concurrent.atomic.AtomicInteger();
        for (PendingRequest request : batch) {
            try {
                Object decoded = read(request);
                if (spec != null && spec.choices(decoded) > 1) {
                    throw new HttpError(400, "'n' must be 1 when the API batches requests");
                }
                inputs.add(api.decodeRequest(decoded, request.context()));
                live.add(request);
                contexts.add(request.context());
                emitters.add(new RequestEmitter(request, listening));
                listening.incrementAndGet();
            } catch (Exception e) {
                request.fail(e);
            }
        }
        callbacks.fire(AFTER_DECODE_REQUEST, api);
        if (live.isEmpty()) {
            return;
        }
        try {
            callbacks.fire(BEFORE_PREDICT, api);
            callbacks.fire(BEFORE_ENCODE_RESPONSE, api);
            api.predictStreamBatch(List.copyOf(inputs), List.copyOf(contexts), List.copyOf(emitters));
            callbacks.fire(AFTER_PREDICT, api);
            callbacks.fire(AFTER_ENCODE_RESPONSE, api);
        } catch (ClientGoneException allGone) {
            if (log.isDebugEnabled()) {
                log.debug("requests {}: every stream of a batch to {} ended early",
                        contexts.stream().map(RequestContext::requestId).toList(), contexts.get(0).path());
            }
        } catch (Exception e) {
            failAll(live, e);
            return;
        }
        for (PendingRequest request : live) {
            request.endStream();
        }
    }

    /**
     * One request's emitter: encodes each chunk with {@code encodeResponse} and sends it. Alone, a
     * departed client stops the API at its next chunk. In a batch, a departed client's chunks are
     * dropped so that its neighbours go on (the default {@code predictStreamBatch} also stops that
     * input's generation), and once every client of the batch is gone the API is stopped.
     */
    private final class RequestEmitter implements Emitter<Object> {
        private final PendingRequest request;
        private final java.util.concurrent.atomic.AtomicInteger batchListening;
        private boolean dropped;

        /** @param batchListening how many clients of the batch still read, or null outside a batch */
        RequestEmitter(PendingRequest request, java.util.concurrent.atomic.AtomicInteger batchListening) {
            this.request = request;
            this.batchListening = batchListening;
        }

        @Override
        public void emit(Object chunk) throws InterruptedException {
            if (dropped) {
                if (batchListening.get() == 0) {
                    throw new ClientGoneException("every client of the batch is gone");
                }
                return;
            }
            Object encoded;
            try {
                encoded = api.encodeResponse(chunk, request.context());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("encodeResponse failed", e);
            }
            try {
                request.emit(encoded);
            } catch (ClientGoneException gone) {
                if (batchListening == null) {
                    throw gone;
                }
                dropped = true;
                if (batchListening.decrementAndGet() == 0) {
                    throw gone;
                }
            }
        }

        @Override
        public boolean isCancelled() {
            return dropped || request.isCancelled();
        }
    }

    private static void failAll(List<PendingRequest> requests, Exception error) {
        // Log a non-HTTP error once for the batch, then send every request the same answer.
        List<String> ids = new java.util.ArrayList<>();
        for (PendingRequest request : requests) {
            ids.add(request.context().requestId());
        }
        ErrorMapping.Mapped mapped = ErrorMapping.map(error, requests.size() == 1 ? "request " + ids.get(0)
                : "a batch of " + requests.size() + " requests " + ids);
        HttpError answer = new HttpError(mapped.status(), mapped.detail(), mapped.headers());
        for (PendingRequest request : requests) {
            request.fail(answer);
        }
    }
}
