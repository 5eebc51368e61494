package dev.litserve4j.onnx;

import dev.litserve4j.Device;
import dev.litserve4j.HttpError;
import dev.litserve4j.LitApi;
import dev.litserve4j.RequestContext;
import dev.litserve4j.spec.Embeddings;
import dev.litserve4j.spec.EmbeddingsRequest;
import dev.litserve4j.spec.OpenAiEmbeddingSpec;
import dev.litserve4j.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2 behind OpenAI's embeddings API ({@code POST /v1/embeddings}), offline: the model
 * and its tokenizer come from a Maven Central jar. Each worker loads its own ONNX session. The texts of a
 * request, or of a batch of requests (with {@code maxBatchSize > 1}), run sorted by length in model calls of
 * at most {@code maxBatchTokens} padded tokens ({@link TokenBatches}); the answers keep the request order.
 */
public class MiniLmEmbeddingsApi implements LitApi<EmbeddingsRequest, Embeddings> {

    private static final Logger log = LoggerFactory.getLogger(MiniLmEmbeddingsApi.class);
    /** Sequences per model call at most: larger slices buy little on CPU and cost memory. */
    static final int MODEL_BATCH = 32;

    private final int intraOpThreads;
    private final int maxBatchTokens;
    private final Map<Thread, MiniLm> models = new ConcurrentHashMap<>();
    private volatile WordPieceTokenizer tokenizer;

    /** Sessions use every core: right for one worker. */
    public MiniLmEmbeddingsApi() {
        this(OnnxSession.intraOpThreads(1));
    }

    public MiniLmEmbeddingsApi(int intraOpThreads) {
        this(intraOpThreads, TokenBatches.DEFAULT_MAX_BATCH_TOKENS);
    }

    /**
     * @param intraOpThreads threads of each worker's session, e.g. {@link OnnxSession#intraOpThreads(int)}
     * @param maxBatchTokens padded tokens per model call at most (sequences × the longest of them)
     */
    public MiniLmEmbeddingsApi(int intraOpThreads, int maxBatchTokens) {
        if (intraOpThreads < 1 || maxBatchTokens < 1) {
            throw new IllegalArgumentException("intraOpThreads and maxBatchTokens must be >= 1, got " + intraOpThreads
                    + " and " + maxBatchTokens);
        }
        this.intraOpThreads = intraOpThreads;
        this.maxBatchTokens = maxBatchTokens;
    }

    /** Threads of each worker's ONNX session. */
    public int intraOpThreads() {
        return intraOpThreads;
    }

    @Override
    public Spec spec() {
        return new OpenAiEmbeddingSpec();
    }

    @Override
    public void setup(Device device) {
        long start = System.nanoTime();
        log.info("{}: loading all-MiniLM-L6-v2 (int8, ONNX Runtime, {} thread(s)) on {}", getClass().getSimpleName(),
                intraOpThreads, device);
        tokenizer();
        models.put(Thread.currentThread(), MiniLm.load(intraOpThreads));
        log.info("{}: model loaded in {} ms", getClass().getSimpleName(), (System.nanoTime() - start) / 1_000_000);
    }

    /** The tokenizer, read once and shared by the workers (it is immutable). */
    protected WordPieceTokenizer tokenizer() {
        WordPieceTokenizer t = tokenizer;
        if (t == null) {
            synchronized (this) {
                if (tokenizer == null) {
                    tokenizer = WordPieceTokenizer.fromResource(MiniLm.TOKENIZER_RESOURCE);
                }
                t = tokenizer;
            }
        }
        return t;
    }

    /** This worker's model. */
    protected MiniLm model() {
        MiniLm model = models.get(Thread.currentThread());
        if (model == null) {
            throw new IllegalStateException("no model on " + Thread.currentThread().getName() + ": setup did not run");
        }
        return model;
    }

    @Override
    public Embeddings predict(EmbeddingsRequest request) throws Exception {
        return predictBatch(List.of(request), List.of()).get(0);
    }

    @Override
    public List<Embeddings> predictBatch(List<EmbeddingsRequest> requests, List<RequestContext> contexts)
            throws Exception {
        List<int[]> sequences = new ArrayList<>();
        int[] tokens = new int[requests.size()];
        for (int r = 0; r < requests.size(); r++) {
            EmbeddingsRequest request = requests.get(r);
            for (int i = 0; i < request.size(); i++) {
                int[] ids = request.texts() != null ? tokenizer().encode(request.texts().get(i), MiniLm.MAX_TOKENS)
                        : wrap(request.tokens().get(i));
                sequences.add(ids);
                tokens[r] += ids.length - 2;
            }
        }
        List<float[]> vectors = model().embedByTokens(sequences, maxBatchTokens, MODEL_BATCH);
        List<Embeddings> answers = new ArrayList<>(requests.size());
        int next = 0;
        for (int r = 0; r < requests.size(); r++) {
            int size = requests.get(r).size();
            answers.add(new Embeddings(vectors.subList(next, next + size), tokens[r]));
            next += size;
        }
        return answers;
    }

    /** Token-id input: the ids as word pieces between [CLS] and [SEP], truncated like text. */
    private int[] wrap(List<Integer> ids) {
        int kept = Math.min(ids.size(), MiniLm.MAX_TOKENS - 2);
        int[] sequence = new int[kept + 2];
        sequence[0] = tokenizer().clsId();
        for (int i = 0; i < kept; i++) {
            int id = ids.get(i);
            if (id >= tokenizer().vocabSize()) {
                throw new HttpError(400, "token id " + id + " is outside the model's vocabulary (0 to "
                        + (tokenizer().vocabSize() - 1) + ")");
            }
            sequence[i + 1] = id;
        }
        sequence[kept + 1] = tokenizer().sepId();
        return sequence;
    }

    @Override
    public void teardown() throws Exception {
        MiniLm model = models.remove(Thread.currentThread());
        if (model != null) {
            model.close();
        }
    }
}
