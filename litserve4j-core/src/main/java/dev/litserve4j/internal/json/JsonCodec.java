package dev.litserve4j.internal.json;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.litserve4j.HttpError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads request bodies and writes compact JSON, with errors a client can act on. One per server.
 */
public final class JsonCodec {

    private static final byte[] EMPTY_DETAIL = "{\"detail\":null}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final ObjectMapper mapper;

    public JsonCodec() {
        // Schubfach-based number writing and fast parsing: an embedding is 384 floats of text per answer,
        // and on JDK 17 Float.toString is the slow part of writing one.
        JsonFactoryBuilder features = new JsonFactoryBuilder()
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER);
        // Numbers JSON cannot carry are refused both ways: a request number too large for its target is
        // a 400 naming the field, not a silent Infinity; NaN or an infinity in an answer fails the write.
        this.mapper = new ObjectMapper(new FiniteJsonFactory(features))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .registerModule(new SimpleModule("finite-numbers").setDeserializerModifier(new BufferedNumberCheck()));
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public JavaType type(java.lang.reflect.Type type) {
        return mapper.getTypeFactory().constructType(type);
    }

    /**
     * Parses a request body into {@code type}.
     *
     * @throws HttpError 400 with a detail that says what is wrong with the body
     */
    public Object readBody(byte[] body, JavaType type) {
        if (body.length == 0) {
            throw new HttpError(400, "Request body is empty: send a JSON document, e.g. {\"input\": 4.0}");
        }
        try {
            Object value = mapper.readValue(body, type);
            if (value == null && !type.isTypeOrSuperTypeOf(Object.class)) {
                throw new HttpError(400, "Request body is JSON null: send a JSON " + describe(type));
            }
            return value;
        } catch (JsonParseException e) {
            throw new HttpError(400, "Invalid JSON in request body: " + e.getOriginalMessage() + location(e));
        } catch (MismatchedInputException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("No content to map")) {
                throw new HttpError(400, "Request body is empty: send a JSON document, e.g. {\"input\": 4.0}");
            }
            throw new HttpError(400, "Request body does not match " + describe(type)
                    + FieldPath.at(FieldPath.of(e.getPath())) + ": " + mismatch(e));
        } catch (JsonProcessingException e) {
            // Inside a bean or a map, databind wraps what the parser threw, with a path of its own.
            String path = e instanceof JsonMappingException ? FieldPath.of(((JsonMappingException) e).getPath()) : "";
            NumberOutOfRangeException range = causeOf(e, NumberOutOfRangeException.class);
            if (range != null) {
                throw new HttpError(400, range.detail(path));
            }
            // A number too large for its type that neither the parser nor the buffer check saw (an int[]
            // replayed from databind's buffer): Jackson's words, still at the place databind recorded.
            InputCoercionException coercion = causeOf(e, InputCoercionException.class);
            if (coercion != null) {
                throw new HttpError(400, "Number out of range" + FieldPath.at(path) + ": "
                        + withoutJavaNames(firstLine(coercion.getOriginalMessage())));
            }
            throw new HttpError(400, "Request body could not be read as " + describe(type) + ": "
                    + withoutJavaNames(firstLine(e.getOriginalMessage())) + location(e));
        } catch (IOException e) {
            throw new HttpError(400, "Request body could not be read: " + e.getMessage());
        }
    }

    private static <T extends Throwable> T causeOf(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * Writes a value as compact JSON.
     *
     * @throws IllegalStateException when the value cannot be, e.g. it holds NaN or an infinity; the
     *     message says which value and where, and the request is answered 500
     */
    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response is not JSON-writable: " + firstLine(e.getOriginalMessage()), e);
        }
    }

    /**
     * {@code {"detail": detail}}, and never fails: an error must still reach the client. A NaN or an
     * infinity in the detail is written as null (as JavaScript's {@code JSON.stringify} does), which
     * keeps the rest of a structured detail; a detail that cannot be written otherwise is sent as its
     * string form.
     */
    public byte[] detail(Object detail) {
        Map<String, Object> body = new LinkedHashMap<>(1);
        body.put("detail", detail);
        try {
            return writeNullingNonFinite(body);
        } catch (IOException | RuntimeException e) {
            try {
                body.put("detail", String.valueOf(detail));
                return writeNullingNonFinite(body);
            } catch (IOException | RuntimeException stillNot) {
                return EMPTY_DETAIL.clone();
            }
        }
    }

    /**
     * The detail as {@link #detail} writes it, as a tree that {@link #write} cannot fail on: for error
     * records built elsewhere, such as the line that ends a stream cut by an error.
     */
    public JsonNode writableDetail(Object detail) {
        try {
            return mapper.readTree(detail(detail)).get("detail");
        } catch (IOException impossible) {
            return NullNode.getInstance();
        }
    }

    private byte[] writeNullingNonFinite(Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator generator = FiniteNumberGenerator.nulling(mapper.createGenerator(out))) {
            mapper.writeValue(generator, value);
        }
        return out.toByteArray();
    }

    private static String describe(JavaType type) {
        if (type.isMapLikeType()) {
            return "object";
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            return "array";
        }
        return type.getRawClass().getSimpleName();
    }

    /**
     * What was expected and what came, in JSON's words: "expected an object, got an array". Jackson's
     * own messages name Java types and parser tokens, which mean nothing to a client (and show how the
     * server is built); when the kinds agree (an unknown field, a missing one), Jackson's message is
     * kept without those names.
     */
    private static String mismatch(MismatchedInputException e) {
        String got = e.getProcessor() instanceof JsonParser parser ? kindOf(parser.currentToken()) : null;
        if (got == null) { // the parser of a whole body is closed by now: Jackson's message says what came
            got = kindNamed(e.getOriginalMessage());
        }
        String expected = e.getTargetType() == null ? null : kindOf(e.getTargetType());
        if (got == null || expected == null || got.equals(expected)) {
            return withoutJavaNames(firstLine(e.getOriginalMessage()));
        }
        return "expected " + expected + ", got " + got;
    }

    /** A Jackson message without the Java class and token names it carries. */
    static String withoutJavaNames(String message) {
        return message.replaceAll(" ?\\(class [^)]*\\)", "").replaceAll(" ?\\(token [^)]*\\)", "")
                .replaceAll("`[^`]*`", "this value").trim();
    }

    private static String kindOf(Class<?> target) {
        if (target == Boolean.class || target == boolean.class) {
            return "a boolean";
        }
        if (Number.class.isAssignableFrom(target) || (target.isPrimitive() && target != char.class)) {
            return "a number";
        }
        if (target == String.class || target == Character.class || target == char.class || target.isEnum()) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "an array";
        }
        return target == Object.class ? null : "an object";
    }

    private static final java.util.regex.Pattern FROM = java.util.regex.Pattern.compile(" from ([A-Za-z-]+) (?:value|\\\")");

    private static String kindNamed(String message) {
        java.util.regex.Matcher m = message == null ? null : FROM.matcher(message);
        if (m == null || !m.find()) {
            return null;
        }
        return switch (m.group(1)) {
            case "Object" -> "an object";
            case "Array" -> "an array";
            case "String" -> "a string";
            case "Integer", "Floating-point", "Number" -> "a number";
            case "Boolean" -> "a boolean";
            case "Null" -> "null";
            default -> null;
        };
    }

    private static String kindOf(JsonToken token) {
        if (token == null) {
            return null;
        }
        return switch (token) {
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
            case START_ARRAY, END_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> null;
        };
    }

    private static String location(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
