package dev.litserve4j.internal.engine;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * A worker's asynchronous predictions still running: at most {@code max} at once, so that the worker
 * takes a new request only when one of them has finished. Any thread.
 */
final class OutstandingCalls {

    private final Semaphore permits;
    private final Set<PendingRequest> running = ConcurrentHashMap.newKeySet();

    OutstandingCalls(int max) {
        this.permits = new Semaphore(max);
    }

    /** Waits for room for one more call. */
    void reserve() throws InterruptedException {
        permits.acquire();
    }

    /** Gives back a reservation that was not used. */
    void unreserve() {
        permits.release();
    }

    /** The reserved call for {@code request} has started. */
    void started(PendingRequest request) {
        running.add(request);
    }

    /** The call for {@code request} is over (answered, failed or abandoned); its room is free again. */
    void finished(PendingRequest request) {
        if (running.remove(request)) {
            permits.release();
        }
    }

    /** The requests whose calls are running now. */
    List<PendingRequest> running() {
        return List.copyOf(running);
    }

    /** Abandons every running call: the worker is stopping and their requests were answered. */
    void abandonAll() {
        for (PendingRequest request : running) {
            request.abandon();
        }
    }
}
