package dev.litserve4j;

import java.util.ArrayList;
import java.util.List;

/**
 * The one class a user writes: how the model is loaded and how a request becomes an answer.
 *
 * <p>Every hook has a default, so the smallest API is {@code setup} plus {@code predict} over
 * JSON maps:
 *
 * <pre>{@code
 * public final class SquareApi implements LitApi<Map<String, Object>, Map<String, Object>> {
 *     public Map<String, Object> predict(Map<String, Object> request) {
 *         double x = ((Number) request.get("input")).doubleValue();
 *         return Map.of("output", x * x);
 *     }
 * }
 * }</pre>
 *
 * <p>The request body is parsed as JSON. When {@code decodeRequest} is not overridden it is bound to
 * the type {@code I} (a {@code Map}, a record, any Jackson-bindable class); a body that does not fit
 * is answered with 400 before {@code predict} runs. An API whose {@code I} is {@link Form} is sent
 * HTML forms (multipart or urlencoded) instead, and one whose {@code I} is {@code byte[]} the raw body
 * ({@code application/octet-stream}, {@code image/*}, {@code audio/*}). Whatever
 * {@code encodeResponse} returns is written as compact JSON.
 *
 * <p>Each worker thread calls {@link #setup(Device)} once before serving and {@link #teardown()} once
 * when the server stops. The same instance is shared by all workers of the API, so state written in
 * {@code setup} must be safe to read from several threads (or kept per thread).
 *
 * <p>Throw {@link HttpError} from any hook to answer with a chosen status; any other exception is
 * answered with 500 {@code {"detail":"Internal server error"}} and logged on the server only.
 *
 * @param <I> the decoded input handed to {@code predict}
 * @param <O> the output {@code predict} returns
 */
public interface LitApi<I, O> {

    /** Loads the model; called once on each worker thread before it serves requests. */
    default void setup(Device device) throws Exception {
    }

    /**
     * Turns the parsed request into the model's input. {@code request} is the JSON body as plain
     * Java values (Map, List, String, Number, Boolean or null), already bound to {@code I} when this
     * method is not overridden.
     */
    @SuppressWarnings("unchecked")
    default I decodeRequest(Object request, RequestContext context) throws Exception {
        return (I) request;
    }

    /** Runs the model on one input. Override this or {@link #predict(Object, RequestContext)}. */
    default O predict(I input) throws Exception {
        throw new UnsupportedOperationException(
                getClass().getName() + " does not implement predict: override predict(input)");
    }

    /** Runs the model on one input, with the request's context. */
    default O predict(I input, RequestContext context) throws Exception {
        return predict(input);
    }

    /**
     * Runs the model on one input without holding the worker while the answer is made elsewhere (a
     * remote model, a database): when an API overrides this, it is served asynchronously, and each
     * worker keeps up to {@link ApiOptions#maxConcurrentPerWorker} of these calls outstanding at
     * once instead of one (LitServe's {@code enable_async}). {@code decodeRequest} and this method
     * run on the worker thread; {@code encodeResponse} runs on the thread that completes the stage.
     * Return quickly: block here and the worker takes no other request meanwhile.
     *
     * <p>When the request's timeout passes, its client leaves or a stop gives up on it, the server
     * answers it and cancels the stage ({@code toCompletableFuture().cancel(true)}); a stage that
     * completes later is ignored. A stage that fails with {@link HttpError} is answered with its
     * status; any other failure with 500. Not for streaming or batched APIs.
     *
     * <pre>{@code
     * public CompletionStage<Map<String, Object>> predictAsync(Map<String, Object> input, RequestContext context) {
     *     return http.sendAsync(request(input), BodyHandlers.ofString()).thenApply(this::parse);
     * }
     * }</pre>
     */
    default java.util.concurrent.CompletionStage<O> predictAsync(I input, RequestContext context) throws Exception {
        return java.util.concurrent.CompletableFuture.completedFuture(predict(input, context));
    }

    /**
     * Decides whether a request may use this API (LitServe's {@code authorize}): throw
     * {@link HttpError}, typically 401 or 403, to refuse it. When an API overrides this, it replaces
     * the {@code X-API-Key} check for that API's route; the server's own routes ({@code /health},
     * {@code /info}, the probes) keep theirs, so a balancer's probes need no credentials.
     *
     * <p>Called on an I/O thread with the request's head, before any of its body is read, so a
     * refused client cannot make the server read or hold its body: keep it cheap and non-blocking
     * (compare a token, check a signature). The context carries the path and the headers; attributes
     * put into it (the caller's identity, say) are in the context {@code decodeRequest},
     * {@code predict} and {@code encodeResponse} get. Any other exception is answered with 500 and
     * logged.
     */
    default void authorize(RequestContext context) {
    }

    /**
     * Runs the model on a batch, one output per input and in the same order; used when the API is
     * served with {@code maxBatchSize > 1}. The default calls {@code predict} for each input.
     */
    default List<O> predictBatch(List<I> inputs, List<RequestContext> contexts) throws Exception {
        List<O> outputs = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            outputs.add(predict(inputs.get(i), contexts.get(i)));
        }
        return outputs;
    }

    /**
     * Streams the outputs for one input, when the API is served with {@code stream}: call
     * {@code emitter.emit} once per chunk. The default emits {@code predict}'s single output.
     */
    default void predictStream(I input, RequestContext context, Emitter<O> emitter) throws Exception {
        emitter.emit(predict(input, context));
    }

    /**
     * Streams a batch, when the API is served with {@code stream} and {@code maxBatchSize > 1}:
     * {@code emitters.get(i)} carries the chunks of {@code inputs.get(i)}. Chunks emitted for a client
     * that has left are dropped (check {@link Emitter#isCancelled()} to skip its work); once every
     * client is gone, {@code emit} throws. The default streams the inputs one after the other through
     * {@link #predictStream}, stopping an input whose client has left.
     */
    default void predictStreamBatch(List<I> inputs, List<RequestContext> contexts, List<Emitter<O>> emitters)
            throws Exception {
        for (int i = 0; i < inputs.size(); i++) {
            Emitter<O> emitter = emitters.get(i);
            // A departed client stops its own input's generation here; the others go on.
            Emitter<O> stopWhenGone = new Emitter<>() {
                @Override
                public void emit(O chunk) throws InterruptedException {
                    if (emitter.isCancelled()) {
                        throw new java.util.concurrent.CancellationException("the client of this input is gone");
                    }
                    emitter.emit(chunk);
                }

                @Override
                public boolean isCancelled() {
                    return emitter.isCancelled();
                }
            };
            try {
                predictStream(inputs.get(i), contexts.get(i), stopWhenGone);
            } catch (java.util.concurrent.CancellationException gone) {
                if (!emitter.isCancelled()) {
                    throw gone;
                }
            }
        }
    }

    /**
     * Turns an output (or, when streaming, one chunk) into what is sent: written as JSON, except that
     * a streamed String is sent as it is.
     */
    default Object encodeResponse(O output, RequestContext context) throws Exception {
        return output;
    }

    /**
     * Reports whether the API can serve; {@code /health} answers 200 only when every worker finished
     * setup and this returns true. Called on an I/O thread: keep it cheap and non-blocking.
     */
    default boolean health() {
        return true;
    }

    /**
     * The wire protocol this API is served with, such as {@link dev.litserve4j.spec.OpenAiChatSpec};
     * null (the default) for plain JSON on {@code /predict}. {@link ApiOptions#spec} overrides it.
     */
    default dev.litserve4j.spec.Spec spec() {
        return null;
    }

    /**
     * Request bodies the server sends itself before it reports ready, so that a new replica answers
     * at near its steady speed from its first user request: each is written as JSON (a {@link Form} as
     * a multipart form, a {@code byte[]} as it is) and posted to
     * the API's own route over loopback, through the same decode, predict and encode as a client's
     * (see {@code LitServerBuilder.warmupRequests}). The default, none, skips the warm-up for this
     * API. A sample that fails is logged and the server starts anyway.
     *
     * <pre>{@code
     * public List<Object> sampleRequests() {
     *     return List.of(Map.of("input", 4.0));
     * }
     * }</pre>
     */
    default List<Object> sampleRequests() {
        return List.of();
    }

    /** Releases what {@code setup} acquired; called once on each worker thread when the server stops. */
    default void teardown() throws Exception {
    }
}
