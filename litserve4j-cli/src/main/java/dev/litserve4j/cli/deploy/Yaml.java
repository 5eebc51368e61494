package dev.litserve4j.cli.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * A YAML document written line by line, so that it can carry comments. Every string value is a JSON
 * string, which YAML reads as a double-quoted scalar: no value, however odd, can change the structure.
 */
final class Yaml {

    // Non-ASCII escaped too: some YAML readers take U+2028 and the like for line breaks.
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final List<String> lines = new ArrayList<>();

    /** Adds a line: {@code indent} levels of two spaces, then {@code text}. */
    Yaml line(int indent, String text) {
        lines.add("  ".repeat(indent) + text);
        return this;
    }

    /** Adds a comment line; control characters in {@code text} become spaces, so it stays one line. */
    Yaml comment(int indent, String text) {
        return line(indent, "# " + text.replaceAll("\\p{Cntrl}", " "));
    }

    /** Adds a comment, wrapped at about 100 characters. */
    Yaml wrapped(int indent, String text) {
        StringBuilder current = new StringBuilder();
        for (String word : text.replaceAll("\\p{Cntrl}", " ").split(" +")) {
            if (current.length() > 0 && current.length() + word.length() + 2 * indent > 96) {
                comment(indent, current.toString());
                current.setLength(0);
            }
            current.append(current.length() > 0 ? " " : "").append(word);
        }
        return current.length() > 0 ? comment(indent, current.toString()) : this;
    }

    /** {@code key: "value"}. */
    Yaml string(int indent, String key, String value) {
        return line(indent, key + ": " + quote(value));
    }

    /** {@code key:} and one {@code - "item"} line per item. */
    Yaml strings(int indent, String key, List<String> items) {
        line(indent, key + ":");
        items.forEach(item -> line(indent + 1, "- " + quote(item)));
        return this;
    }

    static String quote(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return String.join("\n", lines) + "\n";
    }
}
