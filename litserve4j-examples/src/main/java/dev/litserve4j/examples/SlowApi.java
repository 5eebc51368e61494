package dev.litserve4j.examples;

import dev.litserve4j.HttpError;
import dev.litserve4j.LitApi;
import java.util.Map;

/** {@code {"input": x, "sleep": seconds}}: sleeps, then answers {@code {"output": x}}. For timeouts and drains. */
public final class SlowApi implements LitApi<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> predict(Map<String, Object> request) throws InterruptedException {
        Object input = request.get("input");
        Object sleep = request.getOrDefault("sleep", 0);
        if (!(sleep instanceof Number) || ((Number) sleep).doubleValue() < 0) {
            throw new HttpError(400, "field 'sleep' must be a number of seconds >= 0, got " + sleep);
        }
        Thread.sleep((long) (((Number) sleep).doubleValue() * 1000));
        return input == null ? Map.of() : Map.of("output", input);
    }
}
