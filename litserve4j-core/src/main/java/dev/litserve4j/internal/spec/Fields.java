package dev.litserve4j.internal.spec;

import dev.litserve4j.HttpError;
import dev.litserve4j.internal.json.JsonCodec;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads one field of a parsed JSON object, answering 400 with the field's name when it is wrong. */
final class Fields {

    private final Map<String, Object> object;
    private final String prefix;

    Fields(Map<String, Object> object, String prefix) {
        this.object = object;
        this.prefix = prefix;
    }

    /** Reads a request body that must be a JSON object. */
    @SuppressWarnings("unchecked")
    static Fields read(JsonCodec codec, byte[] body) {
        return new Fields((Map<String, Object>) codec.readBody(body, codec.type(Map.class)), "");
    }

    /** The object's fields as sent. */
    Map<String, Object> all() {
        return object;
    }

    static HttpError invalid(String field, String expected, Object got) {
        return new FieldError(field, "'" + field + "' must be " + expected + ", got " + describe(got));
    }

    /** A 400 about {@code field}, whose message starts with the field's name in quotes. */
    static HttpError error(String field, String rest) {
        return new FieldError(field, "'" + field + "' " + rest);
    }

    private String name(String field) {
        return prefix + field;
    }

    boolean has(String field) {
        return object.get(field) != null;
    }

    Object raw(String field) {
        return object.get(field);
    }

    String string(String field, boolean required) {
        Object value = object.get(field);
        if (value == null) {
            if (required) {
                throw error(name(field), "is required");
            }
            return null;
        }
        if (!(value instanceof String)) {
            throw invalid(name(field), "a string", value);
        }
        return (String) value;
    }

    String oneOf(String field, Set<String> allowed, String fallback) {
        String value = string(field, false);
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            throw invalid(name(field), "one of " + allowed, value);
        }
        return value;
    }

    Integer integer(String field, int min, int max) {
        Object value = object.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
                || ((Number) value).longValue() > max) {
            throw invalid(name(field), "a whole number from " + min + " to " + max, value);
        }
        return ((Number) value).intValue();
    }

    Double number(String field, double min, double max) {
        Object value = object.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number) || ((Number) value).doubleValue() < min || ((Number) value).doubleValue() > max) {
            throw invalid(name(field), "a number from " + min + " to " + max, value);
        }
        return ((Number) value).doubleValue();
    }

    boolean bool(String field, boolean fallback) {
        Object value = object.get(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean)) {
            throw invalid(name(field), "true or false", value);
        }
        return (Boolean) value;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(String field, boolean required) {
        Object value = object.get(field);
        if (value == null) {
            if (required) {
                throw error(name(field), "is required");
            }
            return null;
        }
        if (!(value instanceof Map)) {
            throw invalid(name(field), "an object", value);
        }
        return (Map<String, Object>) value;
    }

    List<?> list(String field, boolean required) {
        Object value = object.get(field);
        if (value == null) {
            if (required) {
                throw error(name(field), "is required");
            }
            return null;
        }
        if (!(value instanceof List)) {
            throw invalid(name(field), "an array", value);
        }
        return (List<?>) value;
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            String s = (String) value;
            return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return String.valueOf(value);
    }
}
