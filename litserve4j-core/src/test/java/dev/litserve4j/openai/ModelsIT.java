package dev.litserve4j.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litserve4j.LitApi;
import dev.litserve4j.LitServer;
import dev.litserve4j.spec.Embeddings;
import dev.litserve4j.spec.EmbeddingsRequest;
import dev.litserve4j.spec.OpenAiEmbeddingSpec;
import dev.litserve4j.spec.Spec;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/models} in OpenAI's list format, whenever an OpenAI spec is served. */
class ModelsIT {

    static final class Embedder implements LitApi<EmbeddingsRequest, Embeddings> {
        @Override
        public Spec spec() {
            return new OpenAiEmbeddingSpec();
        }

        @Override
        public Embeddings predict(EmbeddingsRequest request) {
            return new Embeddings(List.of(new float[] {1f}), 1);
        }
    }

    @Test
    void theMetricsOrTheShutdownRouteOnACatalogPathKeepItInsteadOfFailingTheStart() {
        try (LitServer server = Servers.local().api(new WordChat()).metricsPath("/v1/models")
                .enableShutdownApi(true).shutdownApiKey("k").shutdownPath("/v1/models/WordChat").build().start()) {
            Http http = new Http(server.port());
            assertThat(http.get("/v1/models").body()).contains("litserve4j_lifecycle_phase");
            assertThat(http.get("/v1/models/WordChat").statusCode()).isEqualTo(405); // the shutdown route: POST only
        }
    }

    @Test
    void eachOpenAiApiIsListedAsAModelOwnedByLitserve4j() {
        long before = System.currentTimeMillis() / 1000;
        try (LitServer server = Servers.local().api(new WordChat()).api(new Embedder()).api(new Square()).build().start()) {
            long after = System.currentTimeMillis() / 1000;
            HttpResponse<String> response = new Http(server.port()).get("/v1/models");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode list = Sse.json(response.body());
            assertThat(list.get("object").asText()).isEqualTo("list");
            assertThat(list.get("data")).hasSize(2); // the plain /predict API is no OpenAI model
            assertThat(list.at("/data/0/id").asText()).isEqualTo("WordChat");
            assertThat(list.at("/data/1/id").asText()).isEqualTo("Embedder");
            for (JsonNode model : list.get("data")) {
                assertThat(model.get("object").asText()).isEqualTo("model");
                assertThat(model.get("owned_by").asText()).isEqualTo("litserve4j");
                assertThat(model.get("created").isIntegralNumber()).isTrue();
                assertThat(model.get("created").asLong()).isBetween(before, after);
            }
        }
    }

    @Test
    void oneModelCanBeRetrievedByItsId() {
        try (LitServer server = Servers.start(new WordChat())) {
            Http http = new Http(server.port());
            HttpResponse<String> response = http.get("/v1/models/WordChat");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Sse.json(response.body())).isEqualTo(Sse.json(http.get("/v1/models").body()).at("/data/0"));
            assertThat(http.get("/v1/models/gpt-4o").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void thereIsNoModelListWithoutAnOpenAiSpec() {
        try (LitServer server = Servers.start(new Square())) {
            assertThat(new Http(server.port()).get("/v1/models").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theModelListNeedsTheApiKeyWhenTheServerHasOne() {
        try (LitServer server = Servers.local().api(new WordChat()).apiKey("secret").build().start()) {
            Http http = new Http(server.port());
            HttpResponse<String> without = http.get("/v1/models");
            HttpResponse<String> wrong = http.send(http.request("/v1/models").header("X-API-Key", "guess").build());
            HttpResponse<String> with = http.send(http.request("/v1/models").header("X-API-Key", "secret").build());

            assertThat(without.statusCode()).isEqualTo(401);
            assertThat(Sse.json(without.body()).at("/error/code").asText()).isEqualTo("invalid_api_key");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(with.statusCode()).isEqualTo(200);
            assertThat(Sse.json(with.body()).at("/data/0/id").asText()).isEqualTo("WordChat");
        }
    }

    @Test
    void postToTheModelListIs405InOpenAisShape() {
        try (LitServer server = Servers.start(new WordChat())) {
            HttpResponse<String> response = new Http(server.port()).post("/v1/models", "{}");

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET");
            assertThat(Sse.json(response.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        }
    }
}
