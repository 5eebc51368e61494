package dev.litserve4j.benchmarks.async;

import dev.litserve4j.LitApi;
import dev.litserve4j.RequestContext;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The same 50 ms wait as {@link WaitingApi}, as a non-blocking call: the worker takes the next request meanwhile. */
public final class AsyncWaitingApi implements LitApi<Map<String, Object>, Map<String, Object>> {

    private final ScheduledExecutorService remote = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "remote-model");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public CompletionStage<Map<String, Object>> predictAsync(Map<String, Object> input, RequestContext context) {
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        remote.schedule(() -> answer.complete(Map.of("output", input.get("input"))), WaitingApi.WAIT_MILLIS,
                TimeUnit.MILLISECONDS);
        return answer;
    }
}
