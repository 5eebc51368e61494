package dev.litserve4j.internal.engine;

import com.fasterxml.jackson.databind.JavaType;
import dev.litserve4j.LitApi;
import dev.litserve4j.internal.form.BodyKind;
import dev.litserve4j.internal.form.FormDecoder;
import dev.litserve4j.internal.json.JsonCodec;

/**
 * Reads a request body for an API, on the worker thread. An API whose input type is
 * {@link dev.litserve4j.Form} gets the decoded form, one whose input type is {@code byte[]} the body as
 * it is (whether or not it overrides {@code decodeRequest}, which then receives that). Otherwise, when
 * the API keeps the default {@code decodeRequest}, the JSON body is bound straight to the API's input
 * type {@code I} (a Map, a record, ...), so a body of the wrong shape is a 400 before any user code
 * runs; when it overrides it, the hook receives plain JSON values.
 */
final class InputBinder {

    private final JsonCodec codec;
    private final JavaType type;
    private final BodyKind kind;

    InputBinder(LitApi<?, ?> api, JsonCodec codec) {
        this.codec = codec;
        this.kind = ApiTypes.bodyKind(api);
        this.type = ApiTypes.usesDefaultDecode(api) ? ApiTypes.input(api, codec.mapper().getTypeFactory())
                : codec.type(Object.class);
    }

    Object read(PendingRequest request) {
        byte[] body = request.takeBody();
        switch (kind) {
            case FORM:
                return FormDecoder.decode(body, request.context().header("content-type"), request::atEnd);
            case BYTES:
                return body;
            default:
                return codec.readBody(body, type);
        }
    }
}
