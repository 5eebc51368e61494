package dev.litserve4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.ApiOptions;
import dev.litserve4j.LitServer;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real model, served: dimensions, meaning, batching, both routes. */
class MiniLmIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LitServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = Servers.local()
                .api(new MiniLmEmbeddingsApi(), ApiOptions.defaults().maxBatchSize(8).batchTimeout(Duration.ofMillis(5)))
                .api(new MiniLmPredictApi())
                .build().start();
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static float[][] embed(String... texts) throws Exception {
        StringBuilder input = new StringBuilder("[");
        for (int i = 0; i < texts.length; i++) {
            input.append(i == 0 ? "" : ",").append(JSON.writeValueAsString(texts[i]));
        }
        HttpResponse<String> response = http.post("/v1/embeddings",
                "{\"model\":\"all-MiniLM-L6-v2\",\"input\":" + input + "]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode data = JSON.readTree(response.body()).get("data");
        float[][] vectors = new float[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            JsonNode embedding = data.get(i).get("embedding");
            vectors[i] = new float[embedding.size()];
            for (int d = 0; d < embedding.size(); d++) {
                vectors[i][d] = (float) embedding.get(d).asDouble();
            }
        }
        return vectors;
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
    void vectorsHave384UnitDimensionsAndCarryMeaning() throws Exception {
        float[][] v = embed("A man is playing a guitar.", "Someone is strumming a guitar.",
                "The stock market fell sharply today.");
        assertThat(v[0]).hasSize(384);
        assertThat(cosine(v[0], v[0])).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
        assertThat(cosine(v[0], v[1])).isGreaterThan(0.6);
        assertThat(cosine(v[0], v[2])).isLessThan(0.2);
    }

    @Test
    void concurrentRequestsBatchedTogetherGetTheirOwnVectors() throws Exception {
        float[] alone = embed("A man is playing a guitar.")[0];
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String text = i % 2 == 0 ? "A man is playing a guitar." : "The stock market fell sharply today.";
            answers.add(http.postAsync("/v1/embeddings", "{\"model\":\"m\",\"input\":\"" + text + "\"}"));
        }
        for (int i = 0; i < 8; i += 2) {
            JsonNode embedding = JSON.readTree(answers.get(i).get(30, TimeUnit.SECONDS).body()).at("/data/0/embedding");
            float[] batched = new float[embedding.size()];
            for (int d = 0; d < batched.length; d++) {
                batched[d] = (float) embedding.get(d).asDouble();
            }
            // int8 activations are quantised per batch: padded or batched runs agree to about 0.99 (field notes).
            assertThat(cosine(alone, batched)).isGreaterThan(0.98);
        }
    }

    @Test
    void predictRouteEmbedsOneTextOrSeveral() throws Exception {
        JsonNode one = JSON.readTree(http.post("/predict", "{\"input\": \"hello world\"}").body());
        assertThat(one.get("embedding").size()).isEqualTo(384);
        JsonNode two = JSON.readTree(http.post("/predict", "{\"input\": [\"hello\", \"world\"]}").body());
        assertThat(two.get("embeddings").size()).isEqualTo(2);
        HttpResponse<String> bad = http.post("/predict", "{\"input\": 4.0}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("field 'input' must be a non-empty string");
    }

    @Test
    void tokenIdsOutsideTheVocabularyAre400() {
        HttpResponse<String> response = http.post("/v1/embeddings", "{\"model\":\"m\",\"input\":[[101, 999999]]}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("outside the model's vocabulary");
    }
}
