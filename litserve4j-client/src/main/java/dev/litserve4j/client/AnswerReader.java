package dev.litserve4j.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads an answer, or one stream line, as the type the caller asked for. {@code String} is the text
 * as it came (a text stream's line, a body that is not JSON); any other type goes through Jackson.
 */
final class AnswerReader<T> {

    private final ObjectMapper mapper;
    private final ObjectReader reader;
    private final boolean text;
    private final JavaType type;

    AnswerReader(ObjectMapper mapper, JavaType type) {
        this.mapper = mapper;
        this.type = type;
        this.reader = mapper.readerFor(type);
        this.text = type.getRawClass() == String.class;
    }

    /** A whole answer body. */
    T body(byte[] body, String request) {
        try {
            return text ? cast(new String(body, StandardCharsets.UTF_8)) : reader.readValue(body);
        } catch (IOException e) {
            throw unreadable(request, e);
        }
    }

    /** One stream line, or the exception its error record carries. */
    T line(String line, String request, ErrorBodies errors) {
        JsonNode tree = null;
        try {
            if (!text || line.startsWith("{")) {
                tree = mapper.readTree(line);
            }
        } catch (IOException e) {
            if (!text) {
                throw unreadable(request, e);
            }
        }
        LitHttpException error = tree == null ? null : errors.fromStreamLine(request, tree);
        if (error != null) {
            throw error;
        }
        try {
            return text ? cast(line) : reader.readValue(tree);
        } catch (IOException e) {
            throw unreadable(request, e);
        }
    }

    @SuppressWarnings("unchecked")
    private T cast(String value) {
        return (T) value;
    }

    private LitClientException unreadable(String request, IOException e) {
        return new LitClientException("the answer of " + request + " is not a " + type.toCanonical() + ": "
                + (e instanceof JsonProcessingException ? ((JsonProcessingException) e).getOriginalMessage()
                        : e.getMessage()), e);
    }
}
