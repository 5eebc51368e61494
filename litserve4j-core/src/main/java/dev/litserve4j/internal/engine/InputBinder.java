package dev.litserve4j.internal.engine;

import com.fasterxml.jackson.databind.JavaType;
import dev.litserve4j.LitApi;
import dev.litserve4j.internal.json.JsonCodec;

/**
 * Reads a request body for an API. When the API keeps the default {@code decodeRequest}, the body is
 * bound straight to the API's input type {@code I} (a Map, a record, ...), so a body of the wrong
 * shape is a 400 before any user code runs; otherwise the hook receives plain JSON values.
 */
final class InputBinder {

    private final JsonCodec codec;
    private final JavaType type;

    InputBinder(LitApi<?, ?> api, JsonCodec codec) {
        this.codec = codec;
        this.type = ApiTypes.usesDefaultDecode(api) ? ApiTypes.input(api, codec.mapper().getTypeFactory())
                : codec.type(Object.class);
    }

    Object read(byte[] body) {
        return codec.readBody(body, type);
    }
}
