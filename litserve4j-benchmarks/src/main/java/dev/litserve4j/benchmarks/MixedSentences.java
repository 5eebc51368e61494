package dev.litserve4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The embeddings benchmark's 200 sentences of mixed length (3 to 120 words, median 18), one a line in
 * {@code /embeddings/mixed-sentences.txt}: plain words, commas and full stops, so that they sit in JSON
 * and in wrk's Lua script without escaping.
 */
public final class MixedSentences {

    public static final String RESOURCE = "/embeddings/mixed-sentences.txt";

    private MixedSentences() {
    }

    public static List<String> load() {
        try (InputStream in = MixedSentences.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
