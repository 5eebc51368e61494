package dev.litserve4j.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * A Dockerfile read as Docker reads it, enough for tests: comments and blank lines dropped, lines
 * ending in a backslash joined, each instruction split into its keyword and arguments, and the
 * stages told apart by FROM.
 */
record DockerfileInstructions(List<Instruction> all) {

    record Instruction(int stage, String keyword, String arguments) {
        /** The exec form, a JSON array of strings; fails for the shell form. */
        List<String> execForm() {
            try {
                return new ObjectMapper().readValue(arguments, new TypeReference<List<String>>() { });
            } catch (Exception e) {
                throw new AssertionError(keyword + " is not in exec form (a JSON array): " + arguments, e);
            }
        }
    }

    static DockerfileInstructions parse(String text) {
        List<Instruction> all = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int stage = -1;
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (pending.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            String joined = pending.append(line).toString().strip();
            pending.setLength(0);
            int space = joined.indexOf(' ');
            String keyword = joined.substring(0, space).toUpperCase(java.util.Locale.ROOT);
            if (keyword.equals("FROM")) {
                stage++;
            }
            all.add(new Instruction(stage, keyword, joined.substring(space + 1).strip()));
        }
        return new DockerfileInstructions(List.copyOf(all));
    }

    List<Instruction> of(String keyword) {
        return all.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The instructions of the last stage: the image that runs. */
    List<Instruction> runtime() {
        int last = all.get(all.size() - 1).stage();
        return all.stream().filter(i -> i.stage() == last).toList();
    }

    /** The one {@code keyword} instruction of the runtime stage. */
    Instruction runtimeOnly(String keyword) {
        List<Instruction> found = runtime().stream().filter(i -> i.keyword().equals(keyword)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + keyword + " in the runtime stage, found " + found);
        }
        return found.get(0);
    }
}
