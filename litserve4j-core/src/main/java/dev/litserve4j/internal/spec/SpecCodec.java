package dev.litserve4j.internal.spec;

import dev.litserve4j.RequestContext;
import dev.litserve4j.internal.http.ErrorBody;
import dev.litserve4j.internal.http.HttpExchange;
import dev.litserve4j.internal.http.StreamSink;
import dev.litserve4j.internal.json.JsonCodec;
import dev.litserve4j.spec.OpenAiChatSpec;
import dev.litserve4j.spec.OpenAiEmbeddingSpec;
import dev.litserve4j.spec.Spec;

/** A spec at run time: reads requests into the API's input and writes its answers. */
public interface SpecCodec {

    /**
     * Context key of the choice being generated when a request asks for several (namespaced: every
     * request field is in the context too).
     */
    String CHOICE = "litserve4j.spec.choice";

    /**
     * Reads and validates a request body; may put request fields into the context.
     *
     * @throws dev.litserve4j.HttpError 400 naming the field that is wrong
     */
    Object decode(byte[] body, RequestContext context);

    /** The body of a non-streamed answer. */
    byte[] encode(Object output, RequestContext context);

    /** How many times the API runs for one request (chat's {@code n}). */
    default int choices(Object decoded) {
        return 1;
    }

    /** Where a streamed answer goes; called on the worker thread with the first chunk or the end. */
    StreamSink sink(HttpExchange exchange, RequestContext context, JsonCodec codec);

    /** How errors on the spec's route are written (OpenAI's {@code {"error": ...}} for the OpenAI specs). */
    default ErrorBody errorBody() {
        return OpenAiError.BODY;
    }

    /** The codec of a spec, or null for the plain {@code /predict} protocol. */
    static SpecCodec of(Spec spec, JsonCodec codec) {
        if (spec == null) {
            return null;
        }
        if (spec instanceof OpenAiEmbeddingSpec) {
            return new EmbeddingsCodec((OpenAiEmbeddingSpec) spec, codec);
        }
        if (spec instanceof OpenAiChatSpec) {
            return new ChatCodec(codec);
        }
        throw new IllegalArgumentException("unknown spec " + spec.getClass().getName()
                + ": use OpenAiChatSpec or OpenAiEmbeddingSpec");
    }
}
