package dev.litserve4j.internal.lifecycle;

import dev.litserve4j.LitServer;
import dev.litserve4j.internal.engine.CallbackDispatcher;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code onServerEnd} callbacks of a stop on a thread of their own and waits for them until
 * the stop's deadline, no longer: a callback that blocks (a flush to a server that is gone) must not
 * hold the stop past {@code --graceful-timeout}, where an orchestrator would kill the process anyway.
 * A callback still running then goes on, on its daemon thread, while the server stops.
 */
final class ServerEndCallbacks {

    private ServerEndCallbacks() {
    }

    /**
     * @param deadlineNanos a {@link System#nanoTime()} by which the callbacks must have returned
     * @return true when they all returned in time (or there are none)
     */
    static boolean run(CallbackDispatcher callbacks, LitServer server, long deadlineNanos)
            throws InterruptedException {
        if (callbacks.isEmpty()) {
            return true;
        }
        CountDownLatch done = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            try {
                callbacks.serverEnd(server);
            } finally {
                done.countDown();
            }
        }, "litserve4j-server-end");
        thread.setDaemon(true);
        thread.start();
        return done.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
