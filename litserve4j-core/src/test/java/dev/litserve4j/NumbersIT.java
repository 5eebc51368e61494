package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.spec.ChatRequest;
import dev.litserve4j.spec.Embeddings;
import dev.litserve4j.spec.EmbeddingsRequest;
import dev.litserve4j.spec.OpenAiChatSpec;
import dev.litserve4j.spec.OpenAiEmbeddingSpec;
import dev.litserve4j.spec.Spec;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.LogCapture;
import dev.litserve4j.testing.Servers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Numbers JSON cannot carry: too large for their target on the way in, NaN or infinite on the way out. */
class NumbersIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Squares {@code input}; {@code {"nan": true}} makes predict answer {@link Double#NaN}, and
     * {@code {"diverged": true}} throw an {@link HttpError} whose detail holds NaN.
     */
    static final class Square implements LitApi<Map<String, Object>, Object> {
        @Override
        public Object predict(Map<String, Object> in) {
            if (in.containsKey("nan")) {
                return Double.NaN;
            }
            if (in.containsKey("diverged")) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("problem", "diverged");
                detail.put("loss", Double.NaN);
                throw new HttpError(422, detail);
            }
            double x = ((Number) in.get("input")).doubleValue();
            return Map.of("output", x * x);
        }
    }

    record Point(double x, double y) {
    }

    record Shape(List<Point> points) {
    }

    record Item(long id, int count) {
    }

    record Order(int n, long total, Item main, List<Item> items) {
    }

    static final class Orders implements LitApi<Order, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Order order) {
            return Map.of("n", order.n(), "total", order.total());
        }
    }

    static final class Perimeter implements LitApi<Shape, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Shape shape) {
            return Map.of("points", shape.points().size());
        }
    }

    /** One vector per input: {@code [1, NaN]} for the text "nan", {@code [1, 0]} for any other. */
    static final class Embedder implements LitApi<EmbeddingsRequest, Embeddings> {
        @Override
        public Spec spec() {
            return new OpenAiEmbeddingSpec();
        }

        @Override
        public Embeddings predict(EmbeddingsRequest request) {
            List<float[]> vectors = new ArrayList<>();
            for (String text : request.texts()) {
                vectors.add(text.equals("nan") ? new float[] {1f, Float.NaN} : new float[] {1f, 0f});
            }
            return new Embeddings(vectors, vectors.size());
        }
    }

    static final class Chat implements LitApi<ChatRequest, Object> {
        @Override
        public Spec spec() {
            return new OpenAiChatSpec();
        }

        @Override
        public Object predict(ChatRequest request) {
            return "hi";
        }
    }

    /** Streams {@code {"output": 0}}, then a chunk holding NaN. */
    static final class NaNStream implements LitApi<Map<String, Object>, Object> {
        @Override
        public void predictStream(Map<String, Object> in, RequestContext context, Emitter<Object> out)
                throws InterruptedException {
            out.emit(Map.of("output", 0));
            if (in.containsKey("diverged")) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("problem", "diverged");
                detail.put("loss", Double.NaN);
                throw new HttpError(422, detail);
            }
            out.emit(Map.of("output", Double.NaN));
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    @Test
    void aNumberTooLargeForADoubleGets400WhoseDetailNamesTheField() throws Exception {
        try (LitServer server = Servers.start(new Square())) {
            Http http = new Http(server.port());

            HttpResponse<String> response = http.post("/predict", "{\"input\": 1e400}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).get("detail").asText())
                    .isEqualTo("Number out of range at 'input': 1e400 does not fit in a double");
            assertThat(http.post("/predict", "{\"input\": 1e100}").body()).isEqualTo("{\"output\":1.0E200}");
        }
    }

    @Test
    void aRecordTypedApiNamesTheNestedFieldThatIsTooLarge() throws Exception {
        try (LitServer server = Servers.start(new Perimeter())) {
            HttpResponse<String> response = new Http(server.port())
                    .post("/predict", "{\"points\": [{\"x\": 0, \"y\": 0}, {\"x\": 1, \"y\": -1e400}]}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).get("detail").asText())
                    .isEqualTo("Number out of range at 'points[1].y': -1e400 does not fit in a double");
        }
    }

    @Test
    void aWholeNumberTooLargeForAnIntOrLongFieldGets400WhoseDetailNamesTheField() throws Exception {
        try (LitServer server = Servers.start(new Orders())) {
            Http http = new Http(server.port());

            HttpResponse<String> intField = http.post("/predict", "{\"n\": 99999999999999999999}");
            HttpResponse<String> longField = http.post("/predict", "{\"total\": 99999999999999999999}");
            HttpResponse<String> longGivenAFloat = http.post("/predict", "{\"total\": 1e30}");

            assertThat(intField.statusCode()).isEqualTo(400);
            assertThat(json(intField).get("detail").asText())
                    .isEqualTo("Number out of range at 'n': 99999999999999999999 does not fit in an int");
            assertThat(longField.statusCode()).isEqualTo(400);
            assertThat(json(longField).get("detail").asText())
                    .isEqualTo("Number out of range at 'total': 99999999999999999999 does not fit in a long");
            assertThat(longGivenAFloat.statusCode()).isEqualTo(400);
            assertThat(json(longGivenAFloat).get("detail").asText())
                    .isEqualTo("Number out of range at 'total': 1e30 does not fit in a long");
            assertThat(JSON.readTree(http.post("/predict", "{\"n\": 2147483647, \"total\": 9223372036854775807}").body()))
                    .isEqualTo(JSON.readTree("{\"n\": 2147483647, \"total\": 9223372036854775807}"));
        }
    }

    @Test
    void aWholeNumberTooLargeInANestedRecordOrAListNamesItsPlace() throws Exception {
        try (LitServer server = Servers.start(new Orders())) {
            Http http = new Http(server.port());

            HttpResponse<String> nested = http.post("/predict", "{\"main\": {\"count\": 9999999999}}");
            HttpResponse<String> inList = http.post("/predict",
                    "{\"items\": [{\"id\": 1}, {\"id\": 2}, {\"id\": -1e30}]}");

            assertThat(nested.statusCode()).isEqualTo(400);
            assertThat(json(nested).get("detail").asText())
                    .isEqualTo("Number out of range at 'main.count': 9999999999 does not fit in an int");
            assertThat(inList.statusCode()).isEqualTo(400);
            assertThat(json(inList).get("detail").asText())
                    .isEqualTo("Number out of range at 'items[2].id': -1e30 does not fit in a long");
        }
    }

    @Test
    void aSpecRequestFieldTooLargeForADoubleGets400NamingIt() throws Exception {
        try (LitServer server = Servers.start(new Chat())) {
            HttpResponse<String> response = new Http(server.port()).post("/v1/chat/completions",
                    "{\"messages\": [{\"role\": \"user\", \"content\": \"hello\"}], \"temperature\": 1e400}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).at("/error/message").asText())
                    .isEqualTo("Number out of range at 'temperature': 1e400 does not fit in a double");
        }
    }

    @Test
    void anAnswerOfNaNGets500WithAJsonDetailTheLogSaysWhyAndTheServerKeepsServing() throws Exception {
        try (LogCapture log = new LogCapture(); LitServer server = Servers.start(new Square())) {
            Http http = new Http(server.port());

            HttpResponse<String> response = http.post("/predict", "{\"nan\": true}");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(json(response)).isEqualTo(JSON.readTree("{\"detail\": \"Internal server error\"}"));
            assertThat(response.body()).doesNotContain("NaN");
            await().atMost(Duration.ofSeconds(5)).until(() -> log.text()
                    .contains("response is not JSON-writable: Non-finite number: NaN cannot be written as JSON"));
            HttpResponse<String> good = http.post("/predict", "{\"input\": 3}");
            assertThat(good.statusCode()).isEqualTo(200);
            assertThat(good.body()).isEqualTo("{\"output\":9.0}");
        }
    }

    @Test
    void anHttpErrorWhoseDetailHoldsNaNIsAnsweredWithNullInItsPlace() {
        try (LitServer server = Servers.start(new Square())) {
            HttpResponse<String> response = new Http(server.port()).post("/predict", "{\"diverged\": true}");

            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(response.body()).isEqualTo("{\"detail\":{\"problem\":\"diverged\",\"loss\":null}}");
        }
    }

    @Test
    void anEmbeddingHoldingNaNGets500InTheFloatAndTheBase64FormAlike() throws Exception {
        try (LogCapture log = new LogCapture(); LitServer server = Servers.start(new Embedder())) {
            Http http = new Http(server.port());

            HttpResponse<String> floats = http.post("/v1/embeddings", "{\"model\": \"m\", \"input\": [\"ok\", \"nan\"]}");
            HttpResponse<String> base64 = http.post("/v1/embeddings",
                    "{\"model\": \"m\", \"input\": [\"ok\", \"nan\"], \"encoding_format\": \"base64\"}");

            assertThat(floats.statusCode()).isEqualTo(500);
            assertThat(json(floats).at("/error/message").asText()).isEqualTo("Internal server error");
            assertThat(base64.statusCode()).isEqualTo(500);
            assertThat(json(base64).at("/error/message").asText()).isEqualTo("Internal server error");
            await().atMost(Duration.ofSeconds(5)).until(() -> log.text()
                    .contains("Non-finite number at 'data[1].embedding[1]': NaN cannot be written as JSON")
                    && log.text().contains("Non-finite number at 'data[1].embedding[1]': NaN cannot be sent as an embedding"));
            assertThat(http.post("/v1/embeddings", "{\"model\": \"m\", \"input\": \"ok\"}").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aStreamedChunkHoldingNaNEndsTheStreamWithA500ErrorRecord() {
        try (LitServer server = Servers.local().api(new NaNStream()).stream(true).build().start()) {
            HttpResponse<String> response = new Http(server.port()).post("/predict", "{}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .isEqualTo("{\"output\":0}\n{\"error\":{\"status\":500,\"detail\":\"Internal server error\"}}\n");
        }
    }

    @Test
    void aStreamCutByAnHttpErrorWhoseDetailHoldsNaNEndsWithTheRecordAndTheServerKeepsServing() {
        try (LitServer server = Servers.local().api(new NaNStream()).stream(true).build().start()) {
            Http http = new Http(server.port());

            HttpResponse<String> response = http.post("/predict", "{\"diverged\": true}");

            assertThat(response.body()).isEqualTo("{\"output\":0}\n"
                    + "{\"error\":{\"status\":422,\"detail\":{\"problem\":\"diverged\",\"loss\":null}}}\n");
            assertThat(http.post("/predict", "{}").statusCode()).isEqualTo(200);
        }
    }
}
