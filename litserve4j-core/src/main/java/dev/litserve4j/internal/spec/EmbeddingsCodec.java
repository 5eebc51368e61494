package dev.litserve4j.internal.spec;

import dev.litserve4j.HttpError;
import dev.litserve4j.RequestContext;
import dev.litserve4j.internal.http.HttpExchange;
import dev.litserve4j.internal.http.StreamSink;
import dev.litserve4j.internal.json.JsonCodec;
import dev.litserve4j.spec.Embeddings;
import dev.litserve4j.spec.EmbeddingsRequest;
import dev.litserve4j.spec.OpenAiEmbeddingSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** OpenAI's embeddings wire format: request validation, float or base64 vectors, dimensions, usage. */
final class EmbeddingsCodec implements SpecCodec {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingsCodec.class);
    private static final Set<String> FORMATS = Set.of("float", "base64");
    private static final String REQUEST = "litserve4j.embeddings.request";

    private final OpenAiEmbeddingSpec spec;
    private final JsonCodec codec;

    EmbeddingsCodec(OpenAiEmbeddingSpec spec, JsonCodec codec) {
        this.spec = spec;
        this.codec = codec;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object decode(byte[] body, RequestContext context) {
        Fields f = Fields.read(codec, body);
        Map<String, Object> json = f.all();
        String model = f.string("model", true);
        List<?> raw = f.has("input") && f.raw("input") instanceof String ? List.of(f.raw("input")) : f.list("input", true);
        if (raw.isEmpty()) {
            throw Fields.error("input", "must not be empty: send a string, an array of strings or token arrays");
        }
        List<String> texts = null;
        List<List<Integer>> tokens = null;
        if (raw.get(0) instanceof String) {
            texts = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                if (!(raw.get(i) instanceof String) || ((String) raw.get(i)).isEmpty()) {
                    throw Fields.invalid("input[" + i + "]", "a non-empty string", raw.get(i));
                }
                texts.add((String) raw.get(i));
            }
        } else if (raw.get(0) instanceof Number) {
            tokens = List.of(tokenArray(raw, "input"));
        } else if (raw.get(0) instanceof List) {
            tokens = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                if (!(raw.get(i) instanceof List) || ((List<?>) raw.get(i)).isEmpty()) {
                    throw Fields.invalid("input[" + i + "]", "a non-empty array of token ids", raw.get(i));
                }
                tokens.add(tokenArray((List<?>) raw.get(i), "input[" + i + "]"));
            }
        } else {
            throw Fields.invalid("input", "a string, an array of strings, or token arrays", raw.get(0));
        }
        String format = f.oneOf("encoding_format", FORMATS, "float");
        Integer dimensions = f.integer("dimensions", 1, 65_536);
        if (dimensions != null && !spec.supportsDimensions()) {
            throw Fields.error("dimensions", "is not supported by this model: leave it out");
        }
        EmbeddingsRequest request = new EmbeddingsRequest(model, texts, tokens, dimensions, format,
                f.string("user", false));
        json.forEach((key, value) -> {
            if (!key.equals("input")) {
                context.put(key, value);
            }
        });
        context.put(REQUEST, request);
        return request;
    }

    private static List<Integer> tokenArray(List<?> raw, String field) {
        List<Integer> ids = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Object id = raw.get(i);
            if (!(id instanceof Integer) || (Integer) id < 0) {
                throw Fields.invalid(field + "[" + i + "]", "a token id (a whole number >= 0)", id);
            }
            ids.add((Integer) id);
        }
        return ids;
    }

    @Override
    public byte[] encode(Object output, RequestContext context) {
        EmbeddingsRequest request = context.get(REQUEST);
        if (!(output instanceof Embeddings)) {
            log.error("an API served with OpenAiEmbeddingSpec must answer Embeddings, got {}",
                    output == null ? "null" : output.getClass().getName());
            throw new HttpError(500, "Internal server error");
        }
        Embeddings embeddings = (Embeddings) output;
        if (embeddings.vectors().size() != request.size()) {
            log.error("Mismatch between requested and returned embeddings: expected {}, but got {}",
                    request.size(), embeddings.vectors().size());
            throw new HttpError(500, "Internal server error");
        }
        List<Map<String, Object>> data = new ArrayList<>(request.size());
        for (int i = 0; i < request.size(); i++) {
            float[] vector = shorten(embeddings.vectors().get(i), request.dimensions());
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("object", "embedding");
            item.put("index", i);
            // The float form is checked as JSON is written; base64 would carry NaN bits out unnoticed.
            item.put("embedding", "base64".equals(request.encodingFormat()) ? base64(finite(vector, i)) : vector);
            data.add(item);
        }
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("prompt_tokens", embeddings.promptTokens());
        usage.put("total_tokens", embeddings.promptTokens());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("object", "list");
        answer.put("data", data);
        answer.put("model", request.model());
        answer.put("usage", usage);
        return codec.write(answer);
    }

    /** Truncates to {@code dimensions} and normalises to unit length again (Matryoshka-style). */
    static float[] shorten(float[] vector, Integer dimensions) {
        if (dimensions == null || dimensions >= vector.length) {
            if (dimensions != null && dimensions > vector.length) {
                throw Fields.error("dimensions", "must be at most " + vector.length + " for this model, got "
                        + dimensions);
            }
            return vector;
        }
        float[] shorter = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            shorter[i] = vector[i];
            norm += (double) vector[i] * vector[i];
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int i = 0; i < dimensions; i++) {
                shorter[i] = (float) (shorter[i] / norm);
            }
        }
        return shorter;
    }

    /** Refuses NaN and the infinities, as JSON does for the float form, so both forms answer alike. */
    private static float[] finite(float[] vector, int index) {
        for (int j = 0; j < vector.length; j++) {
            if (!Float.isFinite(vector[j])) {
                throw new IllegalStateException("Non-finite number at 'data[" + index + "].embedding[" + j + "]': "
                        + vector[j] + " cannot be sent as an embedding");
            }
        }
        return vector;
    }

    /** Little-endian float32, base64: what OpenAI sends and its SDKs decode. */
    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            bytes.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    @Override
    public StreamSink sink(HttpExchange exchange, RequestContext context, JsonCodec codec) {
        throw new UnsupportedOperationException("embeddings are not streamed");
    }
}
