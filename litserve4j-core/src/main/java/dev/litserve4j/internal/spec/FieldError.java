package dev.litserve4j.internal.spec;

import dev.litserve4j.HttpError;

/** A 400 about one request field, which OpenAI's error shape names in {@code param}. */
final class FieldError extends HttpError {

    private static final long serialVersionUID = 1L;

    private final String param;

    /** @param param the field as the message names it, such as {@code messages[0].content} */
    FieldError(String param, String message) {
        super(400, message);
        this.param = param;
    }

    String param() {
        return param;
    }
}
