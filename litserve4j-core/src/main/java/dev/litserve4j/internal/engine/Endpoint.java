package dev.litserve4j.internal.engine;

import dev.litserve4j.Device;
import dev.litserve4j.internal.config.EndpointConfig;
import dev.litserve4j.internal.json.JsonCodec;
import dev.litserve4j.internal.metrics.ApiMeters;
import dev.litserve4j.internal.spec.SpecCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One served API at run time: its bounded queue and its worker threads. */
public final class Endpoint {

    private static final Logger log = LoggerFactory.getLogger(Endpoint.class);

    private final EndpointConfig config;
    private final List<Device> devices;
    private final BlockingQueue<PendingRequest> queue;
    private final SpecCodec spec;
    private final RequestPipeline pipeline;
    private final AsyncPrediction async; // null unless the API overrides predictAsync
    private final CallbackDispatcher callbacks;
    private final boolean restartWorkers;
    private final BiConsumer<Endpoint, Throwable> onFatalWorkerDeath;
    private final RequestCounters counters;
    private final ApiMeters meters;
    private final List<InferenceWorker> workers = new CopyOnWriteArrayList<>();
    private volatile boolean stopped; // written under this object's lock

    /**
     * @param onFatalWorkerDeath told when a worker died and is not replaced (restartWorkers off)
     */
    public Endpoint(EndpointConfig config, List<Device> devices, int queueCapacity, JsonCodec codec,
            CallbackDispatcher callbacks, boolean restartWorkers, BiConsumer<Endpoint, Throwable> onFatalWorkerDeath,
            RequestCounters counters, ApiMeters meters) {
        this.config = config;
        this.meters = meters;
        this.devices = List.copyOf(devices);
        this.queue = new java.util.concurrent.LinkedBlockingQueue<>(queueCapacity);
        this.spec = SpecCodec.of(config.spec(), codec);
        this.pipeline = new RequestPipeline(config.api(), codec, callbacks, spec);
        this.async = config.async() ? new AsyncPrediction(config.api(), pipeline, callbacks) : null;
        this.callbacks = callbacks;
        this.restartWorkers = restartWorkers;
        this.onFatalWorkerDeath = onFatalWorkerDeath;
        this.counters = counters;
    }

    public EndpointConfig config() {
        return config;
    }

    /** The API's meters. */
    public ApiMeters meters() {
        return meters;
    }

    /** The API's wire protocol, or null for plain JSON. */
    public SpecCodec spec() {
        return spec;
    }

    /** Starts every worker; the future completes when all finished setup, or fails with the first failure. */
    public CompletableFuture<Void> start() {
        List<CompletableFuture<Void>> setups = new ArrayList<>();
        int id = 0;
        for (Device device : devices) {
            for (int i = 0; i < config.workersPerDevice(); i++) {
                InferenceWorker worker = newWorker(id++, device);
                workers.add(worker);
                setups.add(worker.start());
            }
        }
        return CompletableFuture.allOf(setups.toArray(CompletableFuture[]::new));
    }

    private InferenceWorker newWorker(int id, Device device) {
        String name = "litserve4j-" + config.apiName() + "-" + device + "-worker-" + id;
        BatchCollector<PendingRequest> collector = new BatchCollector<>(queue, config.maxBatchSize(),
                config.batchTimeout().toNanos(), System::nanoTime);
        return new InferenceWorker(name, config.api(), device, collector, config.batched(), config.stream(), pipeline, callbacks,
                this::workerDied, counters, meters, async, config.maxConcurrentPerWorker());
    }

    /** Restarts or gives up on a dead worker; under the endpoint's lock, so that it cannot race stop(). */
    private synchronized void workerDied(InferenceWorker dead, Throwable error) {
        if (stopped) {
            return;
        }
        if (!restartWorkers) {
            workers.remove(dead);
            if (workers.stream().noneMatch(InferenceWorker::isReady)) {
                // Nobody is left to take the queue: answer it now instead of at the graceful deadline.
                for (PendingRequest request : drainQueue()) {
                    request.fail(ErrorMapping.SHUTTING_DOWN);
                }
            }
            onFatalWorkerDeath.accept(this, error);
            return;
        }
        int index = workers.indexOf(dead);
        InferenceWorker replacement = newWorker(index, dead.device());
        log.warn("worker {} died; restarting it as {}", dead.name(), replacement.name());
        workers.set(index, replacement);
        replacement.start().whenComplete((ok, setupFailure) -> {
            if (setupFailure != null) {
                log.error("the replacement worker {} failed its setup; {} stays unhealthy", replacement.name(),
                        config.path(), setupFailure);
            }
        });
    }

    /** True once the endpoint stopped taking requests. */
    public boolean isStopped() {
        return stopped;
    }

    /** Queues a request; false when the queue is full. */
    public boolean offer(PendingRequest request) {
        return queue.offer(request);
    }

    /** Requests waiting in the queue for a worker. */
    public int queued() {
        return queue.size();
    }

    /** Workers that finished setup and take requests. */
    public int readyWorkers() {
        int ready = 0;
        for (InferenceWorker worker : workers) {
            if (worker.isReady()) {
                ready++;
            }
        }
        return ready;
    }

    /** Workers processing a request or a batch now. */
    public int busyWorkers() {
        int busy = 0;
        for (InferenceWorker worker : workers) {
            if (!worker.current().isEmpty()) {
                busy++;
            }
        }
        return busy;
    }

    /** Takes a request off the queue if it is still there; true when it was. */
    public boolean remove(PendingRequest request) {
        return queue.remove(request);
    }

    /** True when every worker finished setup and the API reports itself healthy. */
    public boolean isHealthy() {
        for (InferenceWorker worker : workers) {
            if (!worker.isReady()) {
                return false;
            }
        }
        try {
            return !workers.isEmpty() && config.api().health();
        } catch (RuntimeException e) {
            log.warn("Health check failed for {}", config.api().getClass().getName(), e);
            return false;
        }
    }

    /** Removes and returns every request still waiting in the queue. */
    public List<PendingRequest> drainQueue() {
        List<PendingRequest> drained = new ArrayList<>();
        queue.drainTo(drained);
        return drained;
    }

    /** The requests workers are processing now. */
    public List<PendingRequest> inFlight() {
        List<PendingRequest> busy = new ArrayList<>();
        for (InferenceWorker worker : workers) {
            busy.addAll(worker.current());
        }
        return busy;
    }

    /** Stops every worker; the future completes when all have torn down. */
    public synchronized CompletableFuture<Void> stop() {
        stopped = true;
        List<CompletableFuture<Void>> exits = new ArrayList<>();
        for (InferenceWorker worker : workers) {
            worker.stop();
            exits.add(worker.exited());
        }
        return CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new));
    }
}
