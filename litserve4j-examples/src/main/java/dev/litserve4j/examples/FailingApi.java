package dev.litserve4j.examples;

import dev.litserve4j.HttpError;
import dev.litserve4j.LitApi;
import java.util.Map;

/**
 * Fails on request: {@code {"status": 418, "detail": "teapot"}} throws {@link HttpError} with that
 * status and detail; {@code {"crash": true}} throws a RuntimeException from predict;
 * {@code {"fatal": true}} throws a StackOverflowError, which kills the worker (the server then stops,
 * or replaces the worker with {@code restartWorkers}). Anything else answers {@code {"output": "ok"}}.
 */
public final class FailingApi implements LitApi<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> predict(Map<String, Object> request) {
        if (Boolean.TRUE.equals(request.get("fatal"))) {
            throw new StackOverflowError("FailingApi died on purpose");
        }
        if (Boolean.TRUE.equals(request.get("crash"))) {
            throw new IllegalStateException("FailingApi crashed on purpose");
        }
        Object status = request.get("status");
        if (status instanceof Number) {
            throw new HttpError(((Number) status).intValue(), request.getOrDefault("detail", "failed on purpose"));
        }
        return Map.of("output", "ok");
    }
}
