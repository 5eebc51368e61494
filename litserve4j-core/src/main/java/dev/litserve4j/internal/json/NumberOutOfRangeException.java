package dev.litserve4j.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.InputCoercionException;

/**
 * A JSON number too large for the Java type it is read into ({@code 1e400} into a double). Its
 * {@link #detail} is what the client is told: {@code Number out of range at 'input': 1e400 does not fit
 * in a double}.
 */
final class NumberOutOfRangeException extends InputCoercionException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_TEXT = 40;

    private final String path;
    private final String text;
    private final String target;

    /** @param path where the number is, or null when only databind's reference chain can tell */
    NumberOutOfRangeException(JsonParser parser, String path, String text, Class<?> target) {
        super(parser, message(path, shorten(text), target.getSimpleName()), parser.currentToken(), target);
        this.path = path;
        this.text = shorten(text);
        this.target = target.getSimpleName();
    }

    /** @param databindPath the path databind recorded, used when this exception has none */
    String detail(String databindPath) {
        return message(path != null ? path : databindPath, text, target);
    }

    private static String message(String path, String text, String target) {
        return "Number out of range" + FieldPath.at(path == null ? "" : path) + ": " + text + " does not fit in "
                + (target.startsWith("i") ? "an " : "a ") + target;
    }

    private static String shorten(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }
}
