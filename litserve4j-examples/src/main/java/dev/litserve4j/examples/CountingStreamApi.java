package dev.litserve4j.examples;

import dev.litserve4j.Emitter;
import dev.litserve4j.HttpError;
import dev.litserve4j.LitApi;
import dev.litserve4j.RequestContext;
import java.util.Map;

/**
 * A streaming API: {@code {"n": k, "delay_ms": d}} streams {@code {"output": i}} for i in 0..k-1,
 * waiting d milliseconds before each. Serve it with {@code --stream}.
 */
public final class CountingStreamApi implements LitApi<Map<String, Object>, Map<String, Object>> {

    @Override
    public void predictStream(Map<String, Object> request, RequestContext context, Emitter<Map<String, Object>> out)
            throws InterruptedException {
        long n = whole(request, "n", -1);
        long delayMillis = whole(request, "delay_ms", 0);
        for (long i = 0; i < n; i++) {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            out.emit(Map.of("output", i));
        }
    }

    @Override
    public Map<String, Object> predict(Map<String, Object> request) {
        throw new HttpError(400, "CountingStreamApi streams: serve it with --stream");
    }

    private static long whole(Map<String, Object> request, String field, long fallback) {
        Object value = request.get(field);
        if (value == null && fallback >= 0) {
            return fallback;
        }
        if (!(value instanceof Number) || ((Number) value).doubleValue() < 0
                || ((Number) value).doubleValue() != Math.floor(((Number) value).doubleValue())) {
            throw new HttpError(400, "field '" + field + "' must be a whole number >= 0, e.g. {\"n\": 5, \"delay_ms\": 10}; got "
                    + (value == null ? "nothing" : value));
        }
        return ((Number) value).longValue();
    }
}
