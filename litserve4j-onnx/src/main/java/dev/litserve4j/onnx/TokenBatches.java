package dev.litserve4j.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Plans the model calls for a batch of sequences by a token budget, as TEI's {@code --max-batch-tokens}
 * does: the sequences sorted by length (so that a call pads little), then cut into calls whose padded size
 * (sequences × the longest of them) stays within {@code maxBatchTokens}, and at most {@code maxSequences}
 * long. A sequence longer than the budget gets a call of its own.
 */
public final class TokenBatches {

    /**
     * TEI's default is 16,384, for GPUs. On CPU a call's cost grows with its padded tokens and batching saves
     * little per token, so the budget is small: short texts share a call, long ones run alone. Measured on the
     * mixed sentences of the benchmarks (docs/benchmarks.md, "Embeddings"): 64 to 256 were about even with one
     * text at a time, 1,024 and more slower, and padding 32 texts to their longest three times slower.
     */
    public static final int DEFAULT_MAX_BATCH_TOKENS = 128;

    private TokenBatches() {
    }

    /**
     * The calls for sequences of these lengths: each an array of indices into {@code lengths}, shortest
     * first; every index appears in exactly one call.
     *
     * @throws IllegalArgumentException for a budget or a maximum below 1
     */
    public static List<int[]> plan(int[] lengths, int maxBatchTokens, int maxSequences) {
        if (maxBatchTokens < 1 || maxSequences < 1) {
            throw new IllegalArgumentException("maxBatchTokens and maxSequences must be >= 1, got " + maxBatchTokens
                    + " and " + maxSequences);
        }
        Integer[] order = new Integer[lengths.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> lengths[i])); // stable: equal lengths keep their order
        List<int[]> calls = new ArrayList<>();
        int from = 0;
        while (from < order.length) {
            int to = from + 1;
            // Sorted ascending, so the call's longest is its last: (size) × lengths[last] is its padded size.
            while (to < order.length && to - from < maxSequences
                    && (long) (to - from + 1) * lengths[order[to]] <= maxBatchTokens) {
                to++;
            }
            int[] call = new int[to - from];
            for (int i = from; i < to; i++) {
                call[i - from] = order[i];
            }
            calls.add(call);
            from = to;
        }
        return calls;
    }
}
