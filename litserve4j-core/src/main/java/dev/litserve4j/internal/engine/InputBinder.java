package dev.litserve4j.internal.engine;

import com.fasterxml.jackson.databind.JavaType;
import dev.litserve4j.HttpError;
import dev.litserve4j.LitApi;
import dev.litserve4j.internal.form.BodyKind;
import dev.litserve4j.internal.form.FormDecoder;
import dev.litserve4j.internal.json.JsonCodec;
import java.util.Locale;

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
                try {
                    return FormDecoder.decode(body, request.spool(), request.context().header("content-type"),
                            request::atEnd);
                } finally {
                    request.dropSpool();
                }
            case BYTES:
                return body;
            default:
                return readJson(body, request.context().header("content-type"));
        }
    }

    private Object readJson(byte[] body, String contentType) {
        try {
            return codec.readBody(body, type);
        } catch (HttpError e) {
            // JSON labelled as a form is read (curl -d sends it so); a real form is told what to send instead.
            if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(BodyKind.URLENCODED)) {
                throw new HttpError(400, e.detail() + " (the body came as " + BodyKind.URLENCODED
                        + ": this API takes JSON, send Content-Type application/json)");
            }
            throw e;
        }
    }
}
