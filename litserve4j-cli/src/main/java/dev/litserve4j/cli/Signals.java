package dev.litserve4j.cli;

import dev.litserve4j.LitServer;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT start the server's graceful stop; a second SIGINT stops at once. The JVM's own
 * handling is replaced because it would exit with 128+signal after the shutdown hooks, and a launcher
 * that drained cleanly must exit 0 (see the field notes).
 */
final class Signals {

    private Signals() {
    }

    static void stopOnTermination(LitServer server) {
        Signal.handle(new Signal("TERM"), signal -> server.stop());
        AtomicInteger interrupts = new AtomicInteger();
        Signal.handle(new Signal("INT"), signal -> {
            if (interrupts.incrementAndGet() > 1) {
                System.err.println("litserve4j: second interrupt, stopping now");
                Runtime.getRuntime().halt(130);
            }
            server.stop();
        });
    }
}
