package dev.litserve4j.onnx;

import dev.litserve4j.Device;
import dev.litserve4j.HttpError;
import dev.litserve4j.LitApi;
import dev.litserve4j.RequestContext;
import dev.litserve4j.spec.Embeddings;
import dev.litserve4j.spec.EmbeddingsRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 on the plain {@code /predict} route: {@code {"input": "text"}} answers
 * {@code {"embedding": [...]}}, {@code {"input": ["a", "b"]}} answers {@code {"embeddings": [[...], [...]]}}.
 */
public class MiniLmPredictApi implements LitApi<Map<String, Object>, Map<String, Object>> {

    private final MiniLmEmbeddingsApi model;

    public MiniLmPredictApi() {
        this(OnnxSession.intraOpThreads(1));
    }

    public MiniLmPredictApi(int intraOpThreads) {
        this(intraOpThreads, TokenBatches.DEFAULT_MAX_BATCH_TOKENS);
    }

    /** See {@link MiniLmEmbeddingsApi#MiniLmEmbeddingsApi(int, int)}. */
    public MiniLmPredictApi(int intraOpThreads, int maxBatchTokens) {
        this.model = new MiniLmEmbeddingsApi(intraOpThreads, maxBatchTokens);
    }

    @Override
    public void setup(Device device) {
        model.setup(device);
    }

    @Override
    public Map<String, Object> predict(Map<String, Object> request) throws Exception {
        return predictBatch(List.of(request), List.of()).get(0);
    }

    @Override
    public List<Map<String, Object>> predictBatch(List<Map<String, Object>> requests, List<RequestContext> contexts)
            throws Exception {
        List<EmbeddingsRequest> asEmbeddings = new ArrayList<>(requests.size());
        for (Map<String, Object> request : requests) {
            asEmbeddings.add(new EmbeddingsRequest("all-MiniLM-L6-v2", texts(request.get("input")), null, null,
                    "float", null));
        }
        List<Embeddings> embedded = model.predictBatch(asEmbeddings, contexts);
        List<Map<String, Object>> answers = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            List<float[]> vectors = embedded.get(i).vectors();
            answers.add(requests.get(i).get("input") instanceof String ? Map.of("embedding", vectors.get(0))
                    : Map.of("embeddings", vectors));
        }
        return answers;
    }

    private static List<String> texts(Object input) {
        if (input instanceof String && !((String) input).isEmpty()) {
            return List.of((String) input);
        }
        if (input instanceof List && !((List<?>) input).isEmpty()
                && ((List<?>) input).stream().allMatch(t -> t instanceof String && !((String) t).isEmpty())) {
            @SuppressWarnings("unchecked")
            List<String> texts = (List<String>) input;
            return texts;
        }
        throw new HttpError(400, "field 'input' must be a non-empty string or an array of them, e.g. "
                + "{\"input\": \"A man is playing a guitar.\"}");
    }

    @Override
    public void teardown() throws Exception {
        model.teardown();
    }
}
