package dev.litserve4j.internal.engine;

import static dev.litserve4j.internal.engine.CallbackDispatcher.ApiEvent.AFTER_SETUP;
import static dev.litserve4j.internal.engine.CallbackDispatcher.ApiEvent.BEFORE_SETUP;

import dev.litserve4j.Device;
import dev.litserve4j.LitApi;
import dev.litserve4j.internal.metrics.ApiMeters;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named thread that sets an API up on a device, then takes requests (or batches) from the API's
 * queue until it is stopped, then tears the API down.
 */
final class InferenceWorker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(InferenceWorker.class);

    /** What happens when an {@link Error} kills a worker; decided by the server. */
    interface DeathHandler {
        void workerDied(InferenceWorker worker, Throwable error);
    }

    private final LitApi<?, ?> api;
    private final Device device;
    private final BatchCollector<PendingRequest> collector;
    private final boolean batched;
    private final boolean stream;
    private final RequestPipeline pipeline;
    private final CallbackDispatcher callbacks;
    private final DeathHandler deathHandler;
    private final RequestCounters counters;
    private final ApiMeters meters;
    private final AsyncPrediction async; // null for an API that predicts synchronously
    private final OutstandingCalls calls; // the async calls running now; null when not async
    private final CompletableFuture<Void> setup = new CompletableFuture<>();
    private final CompletableFuture<Void> exited = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean ready;
    private volatile boolean stopping;
    private volatile List<PendingRequest> current = List.of();

    InferenceWorker(String name, LitApi<?, ?> api, Device device, BatchCollector<PendingRequest> collector,
            boolean batched, boolean stream, RequestPipeline pipeline, CallbackDispatcher callbacks,
            DeathHandler deathHandler, RequestCounters counters, ApiMeters meters, AsyncPrediction async,
            int maxConcurrent) {
        this.async = async;
        this.calls = async == null ? null : new OutstandingCalls(maxConcurrent);
        this.api = api;
        this.device = device;
        this.collector = collector;
        this.batched = batched;
        this.stream = stream;
        this.pipeline = pipeline;
        this.callbacks = callbacks;
        this.deathHandler = deathHandler;
        this.counters = counters;
        this.meters = meters;
        this.thread = new Thread(this, name);
    }

    String name() {
        return thread.getName();
    }

    Device device() {
        return device;
    }

    /** Starts the thread; the returned future completes when setup is done (or fails with its error). */
    CompletableFuture<Void> start() {
        thread.start();
        return setup;
    }

    boolean isReady() {
        return ready;
    }

    /** Completes when the thread has torn the API down and is about to end. */
    CompletableFuture<Void> exited() {
        return exited;
    }

    /**
     * Asks the worker to stop after its current request, and interrupts it: a worker waiting for work
     * leaves at once; one in {@code predict} is interrupted too, which is why the server calls this
     * only once the queue is drained or the graceful deadline has passed.
     */
    void stop() {
        stopping = true;
        thread.interrupt();
    }

    /** The requests the worker is processing now (its async calls running), so a shutdown deadline can answer them. */
    List<PendingRequest> current() {
        return calls == null ? current : calls.running();
    }

    @Override
    public void run() {
        try {
            callbacks.fire(BEFORE_SETUP, api);
            api.setup(device);
            callbacks.fire(AFTER_SETUP, api);
        } catch (Throwable t) {
            log.error("setup of {} failed on {}", api.getClass().getName(), name(), t);
            setup.completeExceptionally(t);
            exited.complete(null);
            return;
        }
        ready = true;
        setup.complete(null);
        try {
            if (async == null) {
                serve();
            } else {
                serveAsync();
            }
        } finally {
            ready = false;
            teardown();
            exited.complete(null);
        }
    }

    private void serve() {
        while (!stopping) {
            List<PendingRequest> batch;
            try {
                batch = collector.next();
            } catch (InterruptedException e) {
                return;
            }
            batch.removeIf(this::skip);
            if (batch.isEmpty()) {
                continue;
            }
            current = batch;
            if (stopping) {
                // Interrupted while collecting a batch: too late to serve it, never too late to answer it.
                for (PendingRequest request : batch) {
                    counters.refusedStopping();
                    request.fail(ErrorMapping.SHUTTING_DOWN);
                }
                current = List.of();
                return;
            }
            boolean timed = meters.enabled() && batch.get(0).metered(); // no warm-up batch in user metrics
            long started = timed ? queueWaits(batch) : 0;
            try {
                if (stream && batched) {
                    pipeline.streamBatch(batch);
                } else if (stream) {
                    pipeline.streamOne(batch.get(0));
                } else if (batched) {
                    pipeline.runBatch(batch);
                } else {
                    pipeline.runOne(batch.get(0));
                }
                if (timed) {
                    meters.inference(System.nanoTime() - started, batch.size());
                }
            } catch (Throwable fatal) {
                // Errors (StackOverflowError, OutOfMemoryError, ...) are not answers: the worker's
                // state can no longer be trusted. Answer its requests, then let the server decide.
                log.error("worker {} died", name(), fatal);
                for (PendingRequest request : batch) {
                    request.fail(ErrorMapping.INTERNAL_ERROR); // logged once, above
                }
                deathHandler.workerDied(this, fatal);
                return;
            } finally {
                current = List.of();
            }
        }
    }

    /**
     * Takes a request whenever fewer than the limit of calls are running, and starts its call; the
     * worker never waits for a call to complete. On a stop, the calls still running were answered by
     * the drain (or its deadline) and are abandoned.
     */
    private void serveAsync() {
        try {
            while (!stopping) {
                calls.reserve();
                PendingRequest request = nextAsync();
                if (request == null) {
                    calls.unreserve();
                    continue;
                }
                boolean timed = meters.enabled() && request.metered();
                long started = timed ? queueWaits(List.of(request)) : 0;
                calls.started(request);
                async.start(request, (done, completed) -> {
                    calls.finished(done);
                    if (timed && completed) {
                        meters.inference(System.nanoTime() - started, 1);
                    }
                });
            }
        } catch (InterruptedException stopped) {
            // a stop: leave
        } finally {
            calls.abandonAll();
        }
    }

    /** The next request to start, or null when the one taken was answered or gone meanwhile. */
    private PendingRequest nextAsync() throws InterruptedException {
        List<PendingRequest> batch = collector.next();
        batch.removeIf(this::skip);
        if (batch.isEmpty()) {
            return null;
        }
        PendingRequest request = batch.get(0);
        if (stopping) {
            counters.refusedStopping();
            request.fail(ErrorMapping.SHUTTING_DOWN);
            throw new InterruptedException("stopping");
        }
        return request;
    }

    /** Records how long each request of the batch waited; returns now, when its predict begins. */
    private long queueWaits(List<PendingRequest> batch) {
        long now = System.nanoTime();
        for (PendingRequest request : batch) {
            if (request.metered()) {
                meters.queueWait(now - request.queuedAt());
            }
        }
        return now;
    }

    /**
     * Takes a request, or skips it: it was answered, or its client left, while it waited (counted
     * where it was cut).
     */
    private boolean skip(PendingRequest request) {
        return !request.take();
    }

    private void teardown() {
        Thread.interrupted(); // a stop interrupt must not abort the API's cleanup
        try {
            api.teardown();
        } catch (Throwable t) {
            log.error("teardown of {} failed on {}", api.getClass().getName(), name(), t);
        }
    }
}
