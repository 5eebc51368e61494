package dev.litserve4j.benchmarks;

import dev.litserve4j.onnx.MiniLm;
import dev.litserve4j.onnx.OnnxSession;
import dev.litserve4j.onnx.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The model's own limit: all-MiniLM-L6-v2 called in-process, one caller, at a batch size, with the
 * same sessions options as the server's default. Prints sentences per second.
 * {@code java ... InProcessEmbeddings <batch> <seconds>}
 */
public final class InProcessEmbeddings {

    static final String TEXT = "A man is playing a guitar.";

    private InProcessEmbeddings() {
    }

    public static void main(String[] args) throws Exception {
        int batch = Integer.parseInt(args[0]);
        double seconds = Double.parseDouble(args[1]);
        WordPieceTokenizer tokenizer = WordPieceTokenizer.fromResource(MiniLm.TOKENIZER_RESOURCE);
        try (MiniLm model = MiniLm.load(OnnxSession.intraOpThreads(1))) {
            List<int[]> sequences = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                sequences.add(tokenizer.encode(TEXT, MiniLm.MAX_TOKENS));
            }
            long warmUntil = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < warmUntil) {
                model.embed(sequences);
            }
            long sentences = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                // Tokenise inside the loop, as the server does per request.
                List<int[]> fresh = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    fresh.add(tokenizer.encode(TEXT, MiniLm.MAX_TOKENS));
                }
                model.embed(fresh);
                sentences += batch;
            }
            double rate = sentences / ((System.nanoTime() - start) / 1e9);
            System.out.println(String.format(Locale.ROOT, "%.1f", rate));
        }
    }
}
