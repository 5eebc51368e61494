package dev.litserve4j.examples;

import dev.litserve4j.LitApi;
import dev.litserve4j.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link SquareApi} through the batch hook: serve it with {@code --max-batch-size} and
 * {@code --batch-timeout} and concurrent requests are squared together.
 */
public final class BatchedSquareApi implements LitApi<Map<String, Object>, Map<String, Object>> {

    @Override
    public List<Map<String, Object>> predictBatch(List<Map<String, Object>> inputs, List<RequestContext> contexts) {
        double[] xs = new double[inputs.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = SquareApi.Inputs.number(inputs.get(i), "input");
        }
        List<Map<String, Object>> outputs = new ArrayList<>(xs.length);
        for (double x : xs) {
            outputs.add(Map.of("output", x * x));
        }
        return outputs;
    }

    @Override
    public Map<String, Object> predict(Map<String, Object> input) {
        return predictBatch(List.of(input), List.of()).get(0);
    }
}
