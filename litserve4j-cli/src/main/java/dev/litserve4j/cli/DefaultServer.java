package dev.litserve4j.cli;

import dev.litserve4j.LitApi;
import dev.litserve4j.onnx.MiniLmEmbeddingsApi;
import dev.litserve4j.onnx.MiniLmPredictApi;
import dev.litserve4j.onnx.OnnxSession;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code litserve4j serve} serves without a class: all-MiniLM-L6-v2 on {@code /v1/embeddings}
 * (OpenAI) and on {@code /predict}, with the serving options that measured best for it on 2 cores
 * (docs/benchmarks.md, "Embeddings"). They are flags put before the user's, so a flag given wins; the
 * sessions' intra-op threads follow the workers in the end (cores / workers per device).
 */
final class DefaultServer {

    /** Two single-threaded sessions beat one of two threads; see the class comment for where it was measured. */
    static final List<String> FLAGS = List.of("--workers-per-device", "2", "--max-batch-size", "1",
            "--batch-timeout", "0");

    private DefaultServer() {
    }

    /** The default flags, then the given ones (the last of a repeated flag wins). */
    static List<String> flags(List<String> given) {
        List<String> flags = new ArrayList<>(FLAGS);
        flags.addAll(given);
        return flags;
    }

    /** The two APIs, their sessions sized for the workers that {@code flags} ask for. */
    static List<LitApi<?, ?>> apis(List<String> flags) {
        int threads = OnnxSession.intraOpThreads(workersPerDevice(flags));
        return List.of(new MiniLmEmbeddingsApi(threads), new MiniLmPredictApi(threads));
    }

    /** The last {@code --workers-per-device} of the flags; 1 if none or not a number (the flags report that). */
    static int workersPerDevice(List<String> flags) {
        String value = null;
        for (int i = 0; i < flags.size(); i++) {
            String flag = flags.get(i);
            if (flag.equals("--workers-per-device") && i + 1 < flags.size()) {
                value = flags.get(++i);
            } else if (flag.startsWith("--workers-per-device=")) {
                value = flag.substring(flag.indexOf('=') + 1);
            }
        }
        try {
            return value == null ? 1 : Math.max(1, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
