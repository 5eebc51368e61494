package dev.litserve4j.internal.lifecycle;

/** Runs each phase of a stop, naming it in the {@link StopProgress}, even when an earlier one failed. */
final class ShutdownPhases {
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
        try {
            phase.run();
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
