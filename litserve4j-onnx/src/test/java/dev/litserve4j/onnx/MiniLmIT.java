package dev.litserve4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litserve4j.ApiOptions;
import dev.litserve4j.client.LitClient;
import dev.litserve4j.client.LitHttpException;
import dev.litserve4j.junit.LitServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real model, served: dimensions, meaning, batching, both routes. */
class MiniLmIT {

    @RegisterExtension
    static final LitServerExtension server = LitServerExtension.configuring(builder -> builder
            .api(new MiniLmEmbeddingsApi(), ApiOptions.defaults().maxBatchSize(8).batchTimeout(Duration.ofMillis(5)))
            .api(new MiniLmPredictApi()));

    private static float[][] embed(LitClient client, String... texts) {
        JsonNode data = client.predict("/v1/embeddings", Map.of("model", "all-MiniLM-L6-v2", "input", List.of(texts)),
                JsonNode.class).get("data");
        float[][] vectors = new float[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            vectors[i] = floats(data.get(i).get("embedding"));
        }
        return vectors;
    }

    private static float[] floats(JsonNode embedding) {
        float[] vector = new float[embedding.size()];
        for (int d = 0; d < vector.length; d++) {
            vector[d] = (float) embedding.get(d).asDouble();
        }
        return vector;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void vectorsHave384UnitDimensionsAndCarryMeaning(LitClient client) {
        float[][] v = embed(client, "A man is playing a guitar.", "Someone is strumming a guitar.",
                "The stock market fell sharply today.");
        assertThat(v[0]).hasSize(384);
        assertThat(cosine(v[0], v[0])).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
        assertThat(cosine(v[0], v[1])).isGreaterThan(0.6);
        assertThat(cosine(v[0], v[2])).isLessThan(0.2);
    }

    @Test
    void concurrentRequestsBatchedTogetherGetTheirOwnVectors(LitClient client) throws Exception {
        float[] alone = embed(client, "A man is playing a guitar.")[0];
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String text = i % 2 == 0 ? "A man is playing a guitar." : "The stock market fell sharply today.";
                answers.add(callers.submit(() -> client.predict("/v1/embeddings", Map.of("model", "m", "input", text),
                        JsonNode.class)));
            }
            for (int i = 0; i < 8; i += 2) {
                // int8 activations are quantised per batch: padded or batched runs agree to about 0.99 (field notes).
                float[] batched = floats(answers.get(i).get(30, TimeUnit.SECONDS).at("/data/0/embedding"));
                assertThat(cosine(alone, batched)).isGreaterThan(0.98);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void predictRouteEmbedsOneTextOrSeveral(LitClient client) {
        assertThat(client.predict(Map.of("input", "hello world"), JsonNode.class).get("embedding").size()).isEqualTo(384);
        assertThat(client.predict(Map.of("input", List.of("hello", "world")), JsonNode.class).get("embeddings").size())
                .isEqualTo(2);
        assertThatThrownBy(() -> client.predict(Map.of("input", 4.0), JsonNode.class))
                .isInstanceOfSatisfying(LitHttpException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.detail()).contains("field 'input' must be a non-empty string");
                });
    }

    @Test
    void tokenIdsOutsideTheVocabularyAre400(LitClient client) {
        assertThatThrownBy(() -> client.predict("/v1/embeddings", Map.of("model", "m", "input", List.of(List.of(101, 999999))),
                JsonNode.class)).isInstanceOfSatisfying(LitHttpException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.detail()).contains("outside the model's vocabulary");
                });
    }
}
