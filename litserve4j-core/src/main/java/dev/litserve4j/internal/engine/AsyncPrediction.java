package dev.litserve4j.internal.engine;

import static dev.litserve4j.internal.engine.CallbackDispatcher.ApiEvent.AFTER_DECODE_REQUEST;
import static dev.litserve4j.internal.engine.CallbackDispatcher.ApiEvent.AFTER_ENCODE_RESPONSE;
import static dev.litserve4j.internal.engine.CallbackDispatcher.ApiEvent.AFTER_PREDICT;
import static dev.litserve4j.internal.engine.CallbackDispatcher.ApiEvent.BEFORE_DECODE_REQUEST;
import static dev.litserve4j.internal.engine.CallbackDispatcher.ApiEvent.BEFORE_ENCODE_RESPONSE;
import static dev.litserve4j.internal.engine.CallbackDispatcher.ApiEvent.BEFORE_PREDICT;

import dev.litserve4j.LitApi;
import dev.litserve4j.RequestContext;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request through an API's {@code predictAsync}: decoded and started on the worker, encoded and
 * answered on the thread that completes the call. A request that is over first (timed out, cut, its
 * client gone) cancels the call; a call that completes after that is ignored.
 */
final class AsyncPrediction {

    private static final Logger log = LoggerFactory.getLogger(AsyncPrediction.class);

    /** Told when the call is over, whichever way; exactly once. */
    interface Done {
        void finished(PendingRequest request, boolean completed);
    }

    private final LitApi<Object, Object> api;
    private final RequestPipeline pipeline;
    private final CallbackDispatcher callbacks;

    @SuppressWarnings("unchecked")
    AsyncPrediction(LitApi<?, ?> api, RequestPipeline pipeline, CallbackDispatcher callbacks) {
        this.api = (LitApi<Object, Object>) api;
        this.pipeline = pipeline;
        this.callbacks = callbacks;
    }

    /** On the worker: decodes, starts the call, and returns; {@code done} is told when it is over. */
    void start(PendingRequest request, Done done) {
        RequestContext context = request.context();
        CompletionStage<Object> call;
        try {
            callbacks.fire(BEFORE_DECODE_REQUEST, api);
            Object input = api.decodeRequest(pipeline.read(request), context);
            callbacks.fire(AFTER_DECODE_REQUEST, api);
            callbacks.fire(BEFORE_PREDICT, api);
            call = api.predictAsync(input, context);
            if (call == null) {
                throw new IllegalStateException(api.getClass().getName() + ".predictAsync returned null: "
                        + "return a CompletionStage");
            }
        } catch (Exception e) {
            request.fail(e);
            done.finished(request, false);
            return;
        }
        request.onAbandon(() -> cancel(call));
        if (request.isFinished()) {
            request.abandon(); // over while it was being started: its abandon found nothing to cancel
        }
        call.whenComplete((output, failure) -> {
            try {
                if (failure != null) {
                    fail(request, failure);
                } else {
                    answer(request, output, context);
                }
            } finally {
                done.finished(request, failure == null);
            }
        });
    }

    private void answer(PendingRequest request, Object output, RequestContext context) {
        if (request.isFinished()) {
            return; // answered already (a timeout, a stop): the late result has no reader
        }
        try {
            callbacks.fire(AFTER_PREDICT, api);
            callbacks.fire(BEFORE_ENCODE_RESPONSE, api);
            byte[] body = pipeline.write(api.encodeResponse(output, context), context);
            callbacks.fire(AFTER_ENCODE_RESPONSE, api);
            request.succeed(body);
        } catch (Exception e) {
            request.fail(e);
        } catch (Error e) {
            // Not on the worker's thread: nothing to restart here, but the request must be answered.
            log.error("encoding the answer of {} failed", context.requestId(), e);
            request.fail(ErrorMapping.INTERNAL_ERROR);
        }
    }

    private static void fail(PendingRequest request, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CancellationException && request.isFinished()) {
            return; // cancelled by us, because the request was over
        }
        request.fail(cause);
    }

    private static void cancel(CompletionStage<Object> call) {
        try {
            call.toCompletableFuture().cancel(true);
        } catch (UnsupportedOperationException notCancellable) {
            // a stage that cannot be turned into a future: it runs on, and its result is ignored
        }
    }
}
