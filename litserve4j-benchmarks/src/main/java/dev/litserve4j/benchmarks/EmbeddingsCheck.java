package dev.litserve4j.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.onnx.MiniLm;
import dev.litserve4j.onnx.OnnxSession;
import dev.litserve4j.onnx.WordPieceTokenizer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Served vectors against in-process ones: {@code EmbeddingsCheck <port> <texts>} embeds that many of the
 * mixed sentences (spread over the set) on the server at 127.0.0.1:port, each alone and then all in one
 * request, and in-process each alone. Prints "alone MIN_COSINE together MIN_COSINE".
 */
public final class EmbeddingsCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EmbeddingsCheck() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        List<String> all = MixedSentences.load();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(all.get(i * all.size() / count));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        WordPieceTokenizer tokenizer = WordPieceTokenizer.fromResource(MiniLm.TOKENIZER_RESOURCE);
        double alone = 1;
        double together = 1;
        try (MiniLm model = MiniLm.load(OnnxSession.intraOpThreads(1))) {
            JsonNode batch = post(http, port, texts).get("data");
            for (int i = 0; i < texts.size(); i++) {
                float[] local = model.embed(List.of(tokenizer.encode(texts.get(i), MiniLm.MAX_TOKENS)))[0];
                alone = Math.min(alone, cosine(local, post(http, port, List.of(texts.get(i))).at("/data/0/embedding")));
                together = Math.min(together, cosine(local, batch.get(i).get("embedding")));
            }
        }
        System.out.println(String.format(Locale.ROOT, "alone %.6f together %.6f", alone, together));
    }

    private static JsonNode post(HttpClient http, int port, List<String> texts) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/embeddings"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("model", "all-MiniLM-L6-v2", "input", texts)))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/v1/embeddings answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static double cosine(float[] a, JsonNode b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            double y = b.get(i).asDouble();
            dot += a[i] * y;
            na += a[i] * a[i];
            nb += y * y;
        }
        return dot / Math.sqrt(na * nb);
    }
}
