package dev.litserve4j.onnx;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * sentence-transformers all-MiniLM-L6-v2 (int8): token ids in, 384-dimensional unit vectors out
 * (mean pooling over the attention mask, then L2 normalisation). One per worker: it owns a session.
 */
public final class MiniLm implements AutoCloseable {

    public static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    public static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
    /** sentence-transformers' max_seq_length for this model, special tokens included. */
    public static final int MAX_TOKENS = 256;
    public static final int DIMENSIONS = 384;

    private final OnnxSession session;

    public MiniLm(OnnxSession session) {
        this.session = session;
    }

    public static MiniLm load(int intraOpThreads) {
        return new MiniLm(OnnxSession.fromResource(MODEL_RESOURCE, intraOpThreads));
    }

    /** Embeds encoded sequences ({@code [CLS] ... [SEP]}), padding the batch only to its longest. */
    public float[][] embed(List<int[]> sequences) throws OrtException {
        int longest = 0;
        for (int[] ids : sequences) {
            longest = Math.max(longest, ids.length);
        }
        long[][] inputIds = new long[sequences.size()][longest];
        long[][] mask = new long[sequences.size()][longest];
        long[][] types = new long[sequences.size()][longest];
        for (int b = 0; b < sequences.size(); b++) {
            int[] ids = sequences.get(b);
            for (int t = 0; t < ids.length; t++) {
                inputIds[b][t] = ids[t];
                mask[b][t] = 1;
            }
        }
        float[][][] hidden = session.run(Map.of("input_ids", inputIds, "attention_mask", mask,
                "token_type_ids", types), "last_hidden_state");
        float[][] vectors = new float[sequences.size()][];
        for (int b = 0; b < sequences.size(); b++) {
            vectors[b] = meanPoolAndNormalise(hidden[b], mask[b]);
        }
        return vectors;
    }

    static float[] meanPoolAndNormalise(float[][] tokens, long[] mask) {
        int dims = tokens[0].length;
        double[] sum = new double[dims];
        int count = 0;
        for (int t = 0; t < tokens.length; t++) {
            if (mask[t] == 0) {
                continue;
            }
            count++;
            for (int d = 0; d < dims; d++) {
                sum[d] += tokens[t][d];
            }
        }
        double norm = 0;
        for (int d = 0; d < dims; d++) {
            sum[d] /= Math.max(1, count);
            norm += sum[d] * sum[d];
        }
        norm = Math.max(Math.sqrt(norm), 1e-12);
        float[] vector = new float[dims];
        for (int d = 0; d < dims; d++) {
            vector[d] = (float) (sum[d] / norm);
        }
        return vector;
    }

    /** Embeds in slices of at most {@code maxBatch} sequences, in the order given. */
    public List<float[]> embedAll(List<int[]> sequences, int maxBatch) throws OrtException {
        List<float[]> out = new ArrayList<>(sequences.size());
        for (int from = 0; from < sequences.size(); from += maxBatch) {
            for (float[] v : embed(sequences.subList(from, Math.min(sequences.size(), from + maxBatch)))) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * Embeds sorted by length in calls of at most {@code maxBatchTokens} padded tokens and {@code maxBatch}
     * sequences (see {@link TokenBatches}); the vectors come back in the order of {@code sequences}.
     */
    public List<float[]> embedByTokens(List<int[]> sequences, int maxBatchTokens, int maxBatch) throws OrtException {
        int[] lengths = new int[sequences.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = sequences.get(i).length;
        }
        float[][] vectors = new float[sequences.size()][];
        for (int[] call : TokenBatches.plan(lengths, maxBatchTokens, maxBatch)) {
            List<int[]> slice = new ArrayList<>(call.length);
            for (int i : call) {
                slice.add(sequences.get(i));
            }
            float[][] embedded = embed(slice);
            for (int k = 0; k < call.length; k++) {
                vectors[call[k]] = embedded[k];
            }
        }
        return Arrays.asList(vectors);
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
