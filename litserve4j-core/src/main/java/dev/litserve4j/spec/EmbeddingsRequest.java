package dev.litserve4j.spec;

import java.util.List;

/**
 * An embeddings request: either {@code texts} or {@code tokens} (token-id arrays) holds the inputs.
 *
 * @param dimensions the requested vector size, or null
 * @param encodingFormat {@code "float"} or {@code "base64"}
 */
public record EmbeddingsRequest(String model, List<String> texts, List<List<Integer>> tokens, Integer dimensions,
        String encodingFormat, String user) {

    public EmbeddingsRequest {
        texts = texts == null ? null : List.copyOf(texts);
        tokens = tokens == null ? null : tokens.stream().map(List::copyOf).toList();
    }

    /** How many vectors the answer must hold. */
    public int size() {
        return texts != null ? texts.size() : tokens.size();
    }
}
