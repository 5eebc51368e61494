package dev.litserve4j.spec;

import java.util.List;

/**
 * The answer of an embeddings API: one vector per input, in the inputs' order.
 *
 * @param promptTokens the number of tokens read, reported as usage
 */
public record Embeddings(List<float[]> vectors, int promptTokens) {

    public Embeddings {
        vectors = List.copyOf(vectors);
    }
}
