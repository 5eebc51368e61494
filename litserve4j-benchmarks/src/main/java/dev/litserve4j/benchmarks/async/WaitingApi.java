package dev.litserve4j.benchmarks.async;

import dev.litserve4j.LitApi;
import java.util.Map;

/** An API that waits 50 ms on something else for each request, holding its worker (a blocking remote call). */
public final class WaitingApi implements LitApi<Map<String, Object>, Map<String, Object>> {

    static final long WAIT_MILLIS = 50;

    @Override
    public Map<String, Object> predict(Map<String, Object> input) throws InterruptedException {
        Thread.sleep(WAIT_MILLIS);
        return Map.of("output", input.get("input"));
    }
}
