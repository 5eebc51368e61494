package dev.litserve4j.examples;

import dev.litserve4j.HttpError;
import dev.litserve4j.LitApi;
import java.util.List;
import java.util.Map;

/**
 * {@code {"input": x}} to {@code {"output": x*x}}: LitServe's SimpleLitAPI. The default server.
 */
public final class SquareApi implements LitApi<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> predict(Map<String, Object> request) {
        double x = Inputs.number(request, "input");
        double square = x * x;
        if (Double.isInfinite(square)) {
            throw new HttpError(400, "field 'input' is too large to square: its square does not fit in a double "
                    + "(the largest input is about 1.34e154)");
        }
        return Map.of("output", square);
    }

    /** What the warm-up before readiness posts ({@code --warmup-requests}). */
    @Override
    public List<Object> sampleRequests() {
        return List.of(Map.of("input", 4.0));
    }

    /** Reads the request fields the examples share, with errors that say what to send. */
    static final class Inputs {

        private Inputs() {
        }

        static double number(Map<String, Object> request, String field) {
            Object value = request.get(field);
            if (!(value instanceof Number)) {
                throw new HttpError(400, "field '" + field + "' must be a number, e.g. {\"" + field + "\": 4.0}; got "
                        + (value == null ? "nothing" : value));
            }
            return ((Number) value).doubleValue();
        }
    }
}
