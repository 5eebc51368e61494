package dev.litserve4j.internal.engine;

import com.fasterxml.jackson.databind.JavaType;
import dev.litserve4j.LitApi;
import dev.litserve4j.RequestContext;
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
        this.type = usesDefaultDecode(api) ? inputType(api, codec) : codec.type(Object.class);
    }

    Object read(byte[] body) {
        return codec.readBody(body, type);
    }

    private static JavaType inputType(LitApi<?, ?> api, JsonCodec codec) {
        JavaType[] params = codec.mapper().getTypeFactory()
                .constructType(api.getClass()).findTypeParameters(LitApi.class);
        return params == null || params.length != 2 ? codec.type(Object.class) : params[0];
    }

    private static boolean usesDefaultDecode(LitApi<?, ?> api) {
        try {
            return api.getClass().getMethod("decodeRequest", Object.class, RequestContext.class)
                    .getDeclaringClass() == LitApi.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("LitApi.decodeRequest is public", e);
        }
    }
}
