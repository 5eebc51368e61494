package dev.litserve4j.internal.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.UUID;

/** The JSON forms Jackson gives the JDK's simple types: strings, numbers, booleans, bytes, and any JSON. */
final class ScalarSchemas {

    private ScalarSchemas() {
    }

    /** The schema of a value of {@code raw}, or null when it is no scalar. */
    static Map<String, Object> of(Class<?> raw) {
        if (raw == String.class || raw == CharSequence.class || raw == char.class || raw == Character.class) {
            return Schemas.string();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return Schemas.bool();
        }
        if (raw == int.class || raw == Integer.class || raw == short.class || raw == Short.class
                || raw == byte.class || raw == Byte.class) {
            return Schemas.map("type", "integer", "format", "int32");
        }
        if (raw == long.class || raw == Long.class) {
            return Schemas.map("type", "integer", "format", "int64");
        }
        if (raw == BigInteger.class) {
            return Schemas.integer();
        }
        if (raw == float.class || raw == Float.class) {
            return Schemas.map("type", "number", "format", "float");
        }
        if (raw == double.class || raw == Double.class) {
            return Schemas.map("type", "number", "format", "double");
        }
        if (raw == BigDecimal.class || raw == Number.class) {
            return Schemas.number();
        }
        if (raw == byte[].class) {
            return Schemas.map("type", "string", "contentEncoding", "base64"); // Jackson's form of bytes
        }
        if (raw == UUID.class) {
            return Schemas.map("type", "string", "format", "uuid");
        }
        if (raw == URI.class || raw == URL.class) {
            return Schemas.map("type", "string", "format", "uri");
        }
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
            return Schemas.any();
        }
        return null;
    }
}
