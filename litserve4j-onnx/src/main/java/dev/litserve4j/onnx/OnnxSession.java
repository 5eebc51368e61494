package dev.litserve4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX Runtime session: create one per worker in {@code setup}, close it in {@code teardown}.
 *
 * <pre>{@code
 * session = OnnxSession.fromResource("/model.onnx", OnnxSession.intraOpThreads(workers));
 * float[][][] hidden = session.run(Map.of("input_ids", ids, "attention_mask", mask), "last_hidden_state");
 * }</pre>
 */
public final class OnnxSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OnnxSession.class);
    private static final AtomicBoolean TELEMETRY_WARNED = new AtomicBoolean();

    private final OrtEnvironment env;
    private final OrtSession session;

    private OnnxSession(OrtEnvironment env, OrtSession session) {
        this.env = env;
        this.session = session;
    }

    /** Threads for one session's operators so that {@code workers} sessions share the cores. */
    public static int intraOpThreads(int workers) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, workers));
    }

    /** Loads a model from the class path. */
    public static OnnxSession fromResource(String resource, int intraOpThreads) {
        byte[] model;
        try (InputStream in = OnnxSession.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(resource + " is not on the class path");
            }
            model = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        warnAboutTelemetry();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            env.setTelemetry(false); // what follows the process-level event of the environment's creation
            return new OnnxSession(env, env.createSession(model, options));
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the ONNX model " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * ONNX Runtime sends usage telemetry from the moment its environment is created unless
     * {@code ORT_DISABLE_TELEMETRY=1} was set before the process started, and that first event reads
     * the process's command line in a way that kills the JVM with SIGSEGV once the command line is
     * longer than about 4 KiB (measured with 1.29 on Linux). {@code bin/litserve4j} sets it; an
     * application that embeds this module should too.
     */
    private static void warnAboutTelemetry() {
        if (!"1".equals(System.getenv("ORT_DISABLE_TELEMETRY")) && TELEMETRY_WARNED.compareAndSet(false, true)) {
            log.warn("ORT_DISABLE_TELEMETRY=1 is not set: ONNX Runtime sends telemetry to Microsoft, and crashes the "
                    + "JVM (SIGSEGV) when the command line is longer than about 4 KiB; set it in the environment");
        }
    }

    /** Runs the model on INT64 inputs of shape [batch, sequence] and returns a float output [batch][seq][dim]. */
    public float[][][] run(Map<String, long[][]> inputs, String output) throws OrtException {
        Map<String, OnnxTensor> tensors = new HashMap<>();
        try {
            for (Map.Entry<String, long[][]> input : inputs.entrySet()) {
                tensors.put(input.getKey(), OnnxTensor.createTensor(env, input.getValue()));
            }
            try (OrtSession.Result result = session.run(tensors)) {
                return (float[][][]) result.get(output)
                        .orElseThrow(() -> new IllegalStateException("the model has no output " + output))
                        .getValue();
            }
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
