package dev.litserve4j.benchmarks;

import dev.litserve4j.onnx.MiniLm;
import dev.litserve4j.onnx.OnnxSession;
import dev.litserve4j.onnx.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The model's own limit: all-MiniLM-L6-v2 called in-process at a batch size, with the session options of
 * one server worker (intra-op threads: cores / callers). Prints sentences per second.
 * <ul>
 * <li>{@code InProcessEmbeddings <batch> <seconds>}: one caller, one short sentence repeated;</li>
 * <li>{@code InProcessEmbeddings <batch> <seconds> mixed [maxBatchTokens] [sessions]}: the 200 sentences
 * of {@link MixedSentences} in turn, {@code batch} at a time, padded to the batch's longest (maxBatchTokens
 * 0, the default) or sorted and cut by that token budget; {@code sessions} callers at once (default 1),
 * each with its own session of cores / sessions intra-op threads.</li>
 * </ul>
 */
public final class InProcessEmbeddings {

    static final String TEXT = "A man is playing a guitar.";

    private InProcessEmbeddings() {
    }

    public static void main(String[] args) throws Exception {
        int batch = Integer.parseInt(args[0]);
        double seconds = Double.parseDouble(args[1]);
        boolean mixed = args.length > 2 && args[2].equals("mixed");
        int maxBatchTokens = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int sessions = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        List<String> texts = mixed ? MixedSentences.load() : List.of(TEXT);
        WordPieceTokenizer tokenizer = WordPieceTokenizer.fromResource(MiniLm.TOKENIZER_RESOURCE);
        ExecutorService callers = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<Long>> counts = new ArrayList<>();
            long start = System.nanoTime() + 2_000_000_000L; // after a 2 s warm-up
            long end = start + (long) (seconds * 1e9);
            for (int s = 0; s < sessions; s++) {
                int offset = s * texts.size() / sessions;
                counts.add(callers.submit(() -> run(tokenizer, texts, offset, batch, maxBatchTokens,
                        OnnxSession.intraOpThreads(sessions), start, end)));
            }
            long sentences = 0;
            for (Future<Long> count : counts) {
                sentences += count.get();
            }
            System.out.println(String.format(Locale.ROOT, "%.1f", sentences / (seconds)));
        } finally {
            callers.shutdownNow();
        }
    }

    /** One caller: warms up until {@code start}, then counts the sentences embedded until {@code end}. */
    private static long run(WordPieceTokenizer tokenizer, List<String> texts, int offset, int batch,
            int maxBatchTokens, int threads, long start, long end) throws Exception {
        try (MiniLm model = MiniLm.load(threads)) {
            long sentences = 0;
            int next = offset;
            while (System.nanoTime() < end) {
                // Tokenise inside the loop, as the server does per request.
                List<int[]> sequences = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    sequences.add(tokenizer.encode(texts.get(next), MiniLm.MAX_TOKENS));
                    next = (next + 1) % texts.size();
                }
                if (maxBatchTokens > 0) {
                    model.embedByTokens(sequences, maxBatchTokens, batch);
                } else {
                    model.embed(sequences);
                }
                long now = System.nanoTime();
                if (now > start && now <= end) {
                    sentences += batch;
                }
            }
            return sentences;
        }
    }
}
