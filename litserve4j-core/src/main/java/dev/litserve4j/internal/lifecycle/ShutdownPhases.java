package dev.litserve4j.internal.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs each phase of a stop, naming it in the {@link StopProgress}, even when an earlier one failed. */
final class ShutdownPhases {
    private static final Logger log = LoggerFactory.getLogger(ShutdownPhases.class);

    interface Phase {
        void run() throws Exception;
    }

    private final StopProgress progress;
    IllegalStateException failure;

    ShutdownPhases(StopProgress progress) {
        this.progress = progress;
    }

    void run(String name, Phase phase) {
        progress.phase(name);
        long start = System.nanoTime();
        try {
            phase.run();
            log.debug("shutdown phase {} took {} us", name, (System.nanoTime() - start) / 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            record(name, e);
        } catch (Exception e) {
            record(name, e);
        }
    }

    private void record(String name, Exception e) {
        if (failure == null) {
            failure = new IllegalStateException("shutdown phase failed: " + name, e);
        } else {
            failure.addSuppressed(e);
        }
    }
}
