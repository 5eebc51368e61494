package dev.litserve4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.Device;
import dev.litserve4j.spec.Embeddings;
import dev.litserve4j.spec.EmbeddingsRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real model through the API's token-budget calls: answers keep the order of the texts and requests. */
class TokenBatchingIT {

    /** Mixed lengths, out of order, so that sorting moves them. */
    private static final List<String> TEXTS = List.of(
            "The committee studied the annual report after the meeting had ended, and then two students repaired "
                    + "a broken radio near the old railway station, while the farmer sold a basket of apples.",
            "Coffee is ready.",
            "The old fisherman painted the wooden bridge before the sun went down.",
            "A man is playing a guitar.",
            "The stock market fell sharply today, although nobody in the village had expected it.",
            "Heavy rain is coming.");

    private static EmbeddingsRequest request(List<String> texts) {
        return new EmbeddingsRequest("all-MiniLM-L6-v2", texts, null, null, "float", null);
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

    /** Each text alone, one call each: the reference. */
    private static List<float[]> alone(MiniLmEmbeddingsApi api) throws Exception {
        List<float[]> vectors = new ArrayList<>();
        for (String text : TEXTS) {
            vectors.add(api.predict(request(List.of(text))).vectors().get(0));
        }
        return vectors;
    }

    @Test
    void withABudgetOfOneEveryTextRunsAloneAndMatchesItsOwnVectorExactly() throws Exception {
        MiniLmEmbeddingsApi api = new MiniLmEmbeddingsApi(1, 1);
        api.setup(Device.CPU);
        try {
            List<float[]> reference = alone(api);
            // two requests in one batch: 4 texts, then 2
            List<Embeddings> answers = api.predictBatch(List.of(request(TEXTS.subList(0, 4)),
                    request(TEXTS.subList(4, 6))), List.of());
            List<float[]> served = new ArrayList<>(answers.get(0).vectors());
            served.addAll(answers.get(1).vectors());
            assertThat(served).hasSize(TEXTS.size());
            for (int i = 0; i < TEXTS.size(); i++) {
                assertThat(cosine(served.get(i), reference.get(i))).as("text %d", i).isGreaterThan(0.999);
            }
        } finally {
            api.teardown();
        }
    }

    @Test
    void withTheDefaultBudgetShortTextsShareACallAndStillGetTheirOwnVectors() throws Exception {
        MiniLmEmbeddingsApi api = new MiniLmEmbeddingsApi(1);
        api.setup(Device.CPU);
        try {
            List<float[]> reference = alone(api);
            List<float[]> served = api.predict(request(TEXTS)).vectors();
            for (int i = 0; i < TEXTS.size(); i++) {
                // Sharing a call quantises activations together: about 0.99 of the vector alone (field notes),
                // and each vector is still nearest to its own text's.
                assertThat(cosine(served.get(i), reference.get(i))).as("text %d", i).isGreaterThan(0.98);
                for (int j = 0; j < TEXTS.size(); j++) {
                    if (j != i) {
                        assertThat(cosine(served.get(i), reference.get(i)))
                                .isGreaterThan(cosine(served.get(i), reference.get(j)));
                    }
                }
            }
        } finally {
            api.teardown();
        }
    }
}
