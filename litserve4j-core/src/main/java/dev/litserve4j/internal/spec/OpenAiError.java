package dev.litserve4j.internal.spec;

import dev.litserve4j.internal.engine.ErrorMapping;
import dev.litserve4j.internal.http.ErrorBody;
import dev.litserve4j.internal.json.JsonCodec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenAI's error shape, {@code {"error": {"message", "type", "param", "code"}}}, for every error on an
 * OpenAI route, whole answers and the event that ends a cut stream alike: OpenAI clients read
 * {@code error.message} and find nothing in LitServe's {@code {"detail": ...}}.
 */
final class OpenAiError {

    /** The body of a whole error answer on an OpenAI route. */
    static final ErrorBody BODY = (error, mapped, codec) -> codec.write(json(error, mapped, codec));

    private OpenAiError() {
    }

    /** The {@code {"error": ...}} object; writable by {@link JsonCodec#write} whatever the detail holds. */
    static Map<String, Object> json(Throwable error, ErrorMapping.Mapped mapped, JsonCodec codec) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("message", message(mapped.detail(), codec));
        inner.put("type", mapped.status() < 500 ? "invalid_request_error" : "server_error");
        inner.put("param", error instanceof FieldError ? ((FieldError) error).param() : null);
        inner.put("code", code(mapped.status()));
        Map<String, Object> json = new LinkedHashMap<>(1);
        json.put("error", inner);
        return json;
    }

    /** A string detail as it is; a structured one (a user's HttpError may carry any JSON) as its JSON text. */
    private static String message(Object detail, JsonCodec codec) {
        if (detail instanceof String) {
            return (String) detail;
        }
        return detail == null ? "" : codec.writableDetail(detail).toString();
    }

    /** OpenAI's codes are names, not statuses; only OpenAI's own names are given, and only where one fits. */
    private static String code(int status) {
        if (status == 401) {
            return "invalid_api_key";
        }
        return status == 429 ? "rate_limit_exceeded" : null;
    }
}
