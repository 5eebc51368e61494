package dev.litserve4j.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The JSON events of a server-sent event stream that ends with {@code data: [DONE]}. */
final class Sse {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Sse() {
    }

    static List<JsonNode> events(String body) {
        if (!body.endsWith("data: [DONE]\n\n")) {
            throw new AssertionError("the stream does not end with data: [DONE]: " + body);
        }
        List<JsonNode> events = new ArrayList<>();
        for (String event : body.substring(0, body.length() - "data: [DONE]\n\n".length()).split("\n\n")) {
            if (!event.startsWith("data: ")) {
                throw new AssertionError("not a data event: " + event);
            }
            events.add(json(event.substring("data: ".length())));
        }
        return events;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
