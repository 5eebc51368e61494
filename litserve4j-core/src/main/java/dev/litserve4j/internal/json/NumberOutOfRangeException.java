package dev.litserve4j.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.InputCoercionException;

/**
 * A JSON number too large for the Java type it is read into ({@code 1e400} into a double). Its message
 * is what the client is told: {@code Number out of range at 'input': 1e400 does not fit in a double}.
 */
final class NumberOutOfRangeException extends InputCoercionException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_TEXT = 40;

    NumberOutOfRangeException(JsonParser parser, String path, String text, Class<?> target) {
        super(parser, "Number out of range" + FieldPath.at(path) + ": " + shorten(text) + " does not fit in a "
                + target.getSimpleName(), parser.currentToken(), target);
    }

    private static String shorten(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }
}
