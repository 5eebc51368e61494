package dev.litserve4j.internal.json;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;

/** Names a place in a JSON document as the error details do: {@code input}, {@code items[2].x}, {@code [0]}. */
final class FieldPath {

    private FieldPath() {
    }

    /** The place of the value a parser is on. */
    static String ofRead(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        append(path, context, false);
        return path.toString();
    }

    /**
     * The place of the value a generator is about to write. A write context counts what it has written,
     * so in the innermost array the next value is at the entry count, not at the last index.
     */
    static String ofNextWrite(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        append(path, context, true);
        return path.toString();
    }

    /** The place databind recorded while unwinding a mapping error. */
    static String of(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                field(path, ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** {@code " at 'path'"}, or nothing for the document itself. */
    static String at(String path) {
        return path.isEmpty() ? "" : " at '" + path + "'";
    }

    private static void append(StringBuilder path, JsonStreamContext context, boolean nextWrite) {
        if (context == null || context.inRoot()) {
            return;
        }
        append(path, context.getParent(), false);
        if (context.inObject() && context.getCurrentName() != null) {
            field(path, context.getCurrentName());
        } else if (context.inArray()) {
            path.append('[').append(nextWrite ? context.getEntryCount() : context.getCurrentIndex()).append(']');
        }
    }

    private static void field(StringBuilder path, String name) {
        path.append(path.length() == 0 ? "" : ".").append(name);
    }
}
