package dev.litserve4j.internal.lifecycle;

import dev.litserve4j.LitServer;
import dev.litserve4j.internal.config.ServerConfig;
import dev.litserve4j.internal.engine.CallbackDispatcher;
import dev.litserve4j.internal.engine.Endpoint;
import dev.litserve4j.internal.engine.ErrorMapping;
import dev.litserve4j.internal.engine.PendingRequest;
import dev.litserve4j.internal.engine.RequestCounters;
import dev.litserve4j.internal.engine.RequestTracker;
import dev.litserve4j.internal.http.Connections;
import dev.litserve4j.internal.http.HttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful sequence, under one deadline that includes teardown: the drain delay (readiness 503,
 * still serving), listeners closed (new connections are refused), idle connections closed (after a
 * drain delay, at the end of a short grace that serves any request sent on them) and busy ones
 * closed after their answer, queued and in-flight requests drained until shortly before the
 * deadline, what is left then answered 503 (a stream cut with its error record), workers stopped and
 * torn down in the time left, {@code onServerEnd} in the time left, event loops stopped. One object
 * per stop; what it cut is in its {@link Outcome}.
 */
final class GracefulStop {

    private static final Logger log = LoggerFactory.getLogger(LitServer.class);
    /**
     * Of the graceful timeout, what the drain leaves for the last answers, teardown and the event
     * loops: a quarter, at most 1 s.
     */
    private static final long MAX_RESERVE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long a drain waits for connections that were opened but have not sent their request yet. */
    private static final long SILENT_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long EVENT_LOOP_RESERVE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** What a stop left unanswered or cut; all zero and false for a clean stop. */
    record Outcome(int cutAtDeadline, int cutLate, long stalled, long refused, int unfinished,
            boolean teardownOverran, boolean serverEndOverran, IllegalStateException phaseFailure) {

        static final Outcome NOT_STOPPED = new Outcome(0, 0, 0, 0, 0, false, false, null);

        boolean clean() {
            return cutAtDeadline == 0 && cutLate == 0 && stalled == 0 && refused == 0 && unfinished == 0
                    && !teardownOverran && !serverEndOverran;
        }
    }

    /** What the stop works on: the server's parts, as they are when it begins. */
    record Parts(LitServer owner, ServerConfig config, List<Endpoint> endpoints, RequestTracker tracker,
            RequestCounters counters, Connections connections,
            HttpServer http, CallbackDispatcher callbacks, StopProgress progress, DrainReport report) {
    }

    private final Parts parts;
    private int cutAtDeadline;
    private int cutLate;
    private int unfinished;
    private boolean teardownOverran;
    private boolean serverEndOverran;

    GracefulStop(Parts parts) {
        this.parts = parts;
    }

    /**
     * Runs the sequence on the calling thread.
     *
     * @param served false for a start that failed or was stopped: there is no drain delay then
     */
    Outcome run(boolean served) {
        ServerConfig config = parts.config();
        RequestCounters counters = parts.counters();
        StopProgress progress = parts.progress();
        DrainReport report = parts.report();
        long start = System.nanoTime();
        long graceful = config.gracefulTimeout().toNanos();
        long deadline = start + graceful;
        // The drain ends early enough for the last answers, teardown and the event loops to fit.
        long drainDeadline = deadline - Math.min(MAX_RESERVE_NANOS, graceful / 4);
        long loopsDeadline = deadline - Math.min(EVENT_LOOP_RESERVE_NANOS, graceful / 8);
        long stalledBefore = counters.streamsStalledCount() + counters.answersStalledCount();
        long refusedBefore = counters.refusedStoppingCount();
        ShutdownPhases phases = new ShutdownPhases(progress);
        long delay = served ? Math.min(config.probes().drainDelay().toNanos(), Math.max(0, drainDeadline - start)) : 0;
        progress.begin(start + delay, deadline);
        if (delay > 0) {
            parts.connections().retire();
            log.info("shutting down: readiness is 503; serving for the drain delay of {} ms before the drain",
                    TimeUnit.NANOSECONDS.toMillis(delay));
            phases.run(StopProgress.DRAIN_DELAY, () -> report.await(start + delay, false));
        }
        log.info("shutting down: draining {} request(s), at most {} ms", parts.tracker().active(),
                TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        phases.run(StopProgress.REFUSE_CONNECTIONS, () -> {
            parts.connections().drain(); // the management listener serves on until the event loops stop
            if (parts.http() != null) {
                parts.http().closeListeners();
            }
        });
        long drainStart = System.nanoTime();
        phases.run(StopProgress.DRAINING, () -> {
            if (!report.await(drainDeadline, true) || !awaitSilent(drainStart, drainDeadline)
                    || !report.await(drainDeadline, true)) {
                cutAtDeadline = answerRemaining();
                log.warn("graceful timeout of {} reached: answered {} unfinished request(s) with 503",
                        config.gracefulTimeout(), cutAtDeadline);
            }
        });
        phases.run(StopProgress.STOP_WORKERS, () -> stopWorkers(loopsDeadline));
        long stalled = counters.streamsStalledCount() + counters.answersStalledCount() - stalledBefore;
        long refused = counters.refusedStoppingCount() - refusedBefore;
        phases.run(StopProgress.SERVER_END, () -> {
            if (!ServerEndCallbacks.run(parts.callbacks(), parts.owner(), loopsDeadline)) {
                serverEndOverran = true;
                log.warn("onServerEnd callbacks did not return within the graceful timeout of {}; they go on "
                        + "while the server stops", config.gracefulTimeout());
            }
        });
        phases.run(StopProgress.STOP_EVENT_LOOPS, () -> {
            log.debug("stopping the event loops: {} connection(s) open, {} of them silent",
                    parts.connections().count(), parts.connections().silent());
            if (parts.http() != null) {
                parts.http().shutdown(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
                        TimeUnit.MILLISECONDS);
            }
        });
        return new Outcome(cutAtDeadline, cutLate, stalled, refused, unfinished, teardownOverran, serverEndOverran,
                phases.failure);
    }

    /**
     * Waits, at most {@link #SILENT_GRACE_NANOS} from the drain's start, for connections accepted but
     * silent (and, after a drain delay, those idle in a balancer's pool) to send their request (it is
     * then in flight and drained like the others), then closes those that did not. False when the
     * drain deadline came first.
     */
    private boolean awaitSilent(long drainStart, long drainDeadline) throws InterruptedException {
        long end = Math.min(drainDeadline, drainStart + SILENT_GRACE_NANOS);
        while (parts.connections().awaitingRequests() > 0 && System.nanoTime() - end < 0) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        parts.connections().closeSilent();
        return System.nanoTime() - drainDeadline < 0;
    }

    private void stopWorkers(long loopsDeadline) throws InterruptedException {
        List<CompletableFuture<Void>> exits = new ArrayList<>();
        for (Endpoint endpoint : parts.endpoints()) {
            exits.add(endpoint.stop());
        }
        // A request that reached a queue after the drain (pipelined on a busy connection) gets its
        // 503 now rather than a closed connection.
        cutLate = answerRemaining();
        if (cutLate > 0) {
            log.warn("answered {} request(s) that arrived during the drain with 503", cutLate);
        }
        awaitTeardown(CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)), loopsDeadline);
        if (!parts.tracker().awaitIdle(loopsDeadline)) { // the last answers flush, or are cut with the loops
            unfinished = parts.tracker().active();
            log.warn("{} answer(s) had not reached their clients when the event loops stopped", unfinished);
        }
    }

    private int answerRemaining() {
        int count = 0;
        for (Endpoint endpoint : parts.endpoints()) {
            List<PendingRequest> left = endpoint.drainQueue();
            left.addAll(endpoint.inFlight());
            for (PendingRequest request : left) {
                if (request.cut(ErrorMapping.SHUTTING_DOWN)) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * Waits for teardown until {@code deadline} and no longer: the stop must end within the graceful
     * timeout, where an orchestrator's kill would otherwise cut the teardown anyway.
     */
    private void awaitTeardown(CompletableFuture<Void> future, long deadline) throws InterruptedException {
        long remaining = deadline - System.nanoTime();
        try {
            if (remaining <= 0 && !future.isDone()) {
                teardownOverran = true;
                log.warn("no time was left for teardown within the graceful timeout of {}; the workers tear "
                        + "down while the server stops", parts.config().gracefulTimeout());
                return;
            }
            future.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            log.error("a worker failed while stopping", e.getCause());
        } catch (TimeoutException e) {
            teardownOverran = true;
            log.warn("some workers did not finish teardown within the graceful timeout of {}",
                    parts.config().gracefulTimeout());
        }
    }
}
