package dev.litserve4j.examples;

import dev.litserve4j.LitApi;
import dev.litserve4j.spec.Embeddings;
import dev.litserve4j.spec.EmbeddingsRequest;
import dev.litserve4j.spec.OpenAiEmbeddingSpec;
import dev.litserve4j.spec.Spec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * OpenAI embeddings without a model file: a deterministic hashing embedder. Each lowercase word (or
 * token id) adds a pseudo-random ±1 vector seeded by its hash (a random projection of the bag of
 * words), and the sum is L2-normalised. Texts sharing words are close, the same text always gives the
 * same vector, and every prefix of a vector still carries the words, so {@code dimensions}
 * (truncation and re-normalisation) is accepted.
 */
public final class HashEmbeddingsApi implements LitApi<EmbeddingsRequest, Embeddings> {

    public static final int DIMENSIONS = 256;

    @Override
    public Spec spec() {
        return new OpenAiEmbeddingSpec().withDimensions();
    }

    @Override
    public Embeddings predict(EmbeddingsRequest request) {
        List<float[]> vectors = new ArrayList<>(request.size());
        int tokens = 0;
        for (int i = 0; i < request.size(); i++) {
            List<String> features = new ArrayList<>();
            if (request.texts() != null) {
                for (String word : request.texts().get(i).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                    if (!word.isEmpty()) {
                        features.add(word);
                    }
                }
            } else {
                request.tokens().get(i).forEach(id -> features.add("#" + id));
            }
            tokens += features.size();
            vectors.add(embed(features));
        }
        return new Embeddings(vectors, tokens);
    }

    static float[] embed(List<String> features) {
        float[] vector = new float[DIMENSIONS];
        for (String feature : features) {
            long state = fnv1a(feature);
            for (int d = 0; d < DIMENSIONS; d++) {
                state = splitMix(state);
                vector[d] += (state & 1) == 0 ? 1f : -1f;
            }
        }
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        if (norm == 0) {
            vector[0] = 1f; // no words: a fixed unit vector, so the answer is still normalised
            return vector;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    private static long splitMix(long x) {
        long z = x + 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
