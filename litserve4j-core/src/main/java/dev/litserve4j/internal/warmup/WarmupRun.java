package dev.litserve4j.internal.warmup;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** The warm-up of one API: tickets for its requests, what came back, and when its connections are done. */
final class WarmupRun {

    private final AtomicInteger tickets;
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final CountDownLatch connections;
    private volatile boolean stopped;

    WarmupRun(int requests, int connections) {
        this.tickets = new AtomicInteger(requests);
        this.connections = new CountDownLatch(connections);
    }

    /** True when one more request may be sent. */
    boolean takeTicket() {
        return !stopped && tickets.getAndDecrement() > 0;
    }

    void answered() {
        answered.incrementAndGet();
    }

    /** The first failure ends the run: a sample that fails once fails the same way again. */
    void failed(String why) {
        failure.compareAndSet(null, why);
        stopped = true;
    }

    void stop() {
        stopped = true;
    }

    boolean isStopped() {
        return stopped;
    }

    void connectionDone() {
        connections.countDown();
    }

    /** Waits until every connection has ended, at most until {@code deadline} ({@link System#nanoTime()}). */
    boolean await(long deadline) throws InterruptedException {
        return connections.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    int answeredCount() {
        return answered.get();
    }

    String failure() {
        return failure.get();
    }
}
