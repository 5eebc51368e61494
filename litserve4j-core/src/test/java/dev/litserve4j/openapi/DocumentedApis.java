package dev.litserve4j.openapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.litserve4j.ApiOptions;
import dev.litserve4j.Emitter;
import dev.litserve4j.LitApi;
import dev.litserve4j.LitServerBuilder;
import dev.litserve4j.RequestContext;
import dev.litserve4j.spec.ChatRequest;
import dev.litserve4j.spec.Embeddings;
import dev.litserve4j.spec.EmbeddingsRequest;
import dev.litserve4j.spec.OpenAiChatSpec;
import dev.litserve4j.spec.OpenAiEmbeddingSpec;
import dev.litserve4j.testing.Servers;
import java.util.List;
import java.util.Map;

/** A server with one API of each kind the document describes. */
final class DocumentedApis {

    static final String API_KEY = "k3y";
    static final String SHUTDOWN_KEY = "s3cret-shutdown-key";

    record Question(@JsonProperty(required = true) String text, int topK, List<String> tags) {
    }

    record Source(String url, int rank) {
    }

    record Answer(String text, double score, List<Source> sources) {
    }

    record Tick(int n) {
    }

    /** Records in and out: POST /predict. */
    static final class Ask implements LitApi<Question, Answer> {
        @Override
        public Answer predict(Question question) {
            return new Answer("re: " + question.text(), 0.5, List.of(new Source("https://example.org", 1)));
        }
    }

    /** Maps in and out: POST /scale. */
    static final class Scale implements LitApi<Map<String, Double>, Map<String, Double>> {
        @Override
        public Map<String, Double> predict(Map<String, Double> input) {
            return Map.of("output", input.get("input") * 2);
        }
    }

    /** Streams n ticks as NDJSON: POST /count. */
    static final class Count implements LitApi<Integer, Tick> {
        @Override
        public void predictStream(Integer n, RequestContext context, Emitter<Tick> emitter) throws Exception {
            for (int i = 0; i < n; i++) {
                emitter.emit(new Tick(i));
            }
        }
    }

    /** Its own decoding and encoding: any JSON in, any JSON out, POST /custom. */
    static final class Custom implements LitApi<String, String> {
        @Override
        public String decodeRequest(Object request, RequestContext context) {
            return String.valueOf(request);
        }

        @Override
        public String predict(String input) {
            return input;
        }

        @Override
        public Object encodeResponse(String output, RequestContext context) {
            return Map.of("echo", output);
        }
    }

    /** A form with a file, POST /upload. */
    static final class Upload implements LitApi<dev.litserve4j.Form, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(dev.litserve4j.Form form) {
            return Map.of("fields", form.fields().keySet(), "files", form.files().keySet());
        }
    }

    /** The raw body, POST /raw. */
    static final class Raw implements LitApi<byte[], Integer> {
        @Override
        public Integer predict(byte[] body) {
            return body.length;
        }
    }

    static final class Chat implements LitApi<ChatRequest, Object> {
        @Override
        public void predictStream(ChatRequest request, RequestContext context, Emitter<Object> emitter) throws Exception {
            emitter.emit("hi");
        }
    }

    static final class Embed implements LitApi<EmbeddingsRequest, Embeddings> {
        @Override
        public Embeddings predict(EmbeddingsRequest request) {
            return new Embeddings(java.util.Collections.nCopies(request.size(), new float[] {1f, 0f}), 1);
        }
    }

    private DocumentedApis() {
    }

    /** Every kind of API, an API key, and the shutdown route on the public listener. */
    static LitServerBuilder all() {
        return Servers.local()
                .api(new Ask())
                .api(new Scale(), ApiOptions.path("/scale"))
                .api(new Count(), ApiOptions.path("/count").stream(true))
                .api(new Custom(), ApiOptions.path("/custom"))
                .api(new Upload(), ApiOptions.path("/upload"))
                .api(new Raw(), ApiOptions.path("/raw"))
                .api(new Chat(), ApiOptions.defaults().spec(new OpenAiChatSpec()))
                .api(new Embed(), ApiOptions.defaults().spec(new OpenAiEmbeddingSpec().withDimensions()))
                .apiKey(API_KEY)
                .enableShutdownApi(true)
                .shutdownApiKey(SHUTDOWN_KEY)
                .modelMetadata(Map.of("name", "qa-model", "owner", "tests"));
    }
}
