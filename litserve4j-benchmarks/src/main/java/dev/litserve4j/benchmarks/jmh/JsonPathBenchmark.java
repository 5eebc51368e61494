package dev.litserve4j.benchmarks.jmh;

import com.fasterxml.jackson.databind.JavaType;
import dev.litserve4j.internal.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The JSON of a request: a SquareApi body read into a Map, its answer written, an embedding written. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonPathBenchmark {

    private final JsonCodec codec = new JsonCodec();
    private final JavaType mapType = codec.type(Map.class);
    private final byte[] body = "{\"input\": 4.0}".getBytes(StandardCharsets.UTF_8);
    private final Map<String, Object> answer = Map.of("output", 16.0);
    private final Map<String, Object> embedding = Map.of("embedding", vector());
    private final com.fasterxml.jackson.databind.ObjectMapper plainJackson = new com.fasterxml.jackson.databind.ObjectMapper();

    private static float[] vector() {
        java.util.Random random = new java.util.Random(7);
        float[] v = new float[384];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian() / 20;
        }
        return v;
    }

    @Benchmark
    public Object readRequest() {
        return codec.readBody(body, mapType);
    }

    @Benchmark
    public byte[] writeAnswer() {
        return codec.write(answer);
    }

    /** One all-MiniLM-L6-v2 answer body, as the server writes it. */
    @Benchmark
    public byte[] writeEmbedding() {
        return codec.write(embedding);
    }

    /** The same with Jackson's defaults (Float.toString), for comparison. */
    @Benchmark
    public byte[] writeEmbeddingPlainJackson() throws Exception {
        return plainJackson.writeValueAsBytes(embedding);
    }
}
