package dev.litserve4j.benchmarks.hostile;

import java.util.function.BooleanSupplier;

/** Sleeps for the attackers, which stop at the end of the run rather than on an interrupt. */
final class Pause {

    private Pause() {
    }

    static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps {@code millis} in slices, returning early once {@code running} turns false. */
    static void until(long millis, BooleanSupplier running) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (running.getAsBoolean() && System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
            millis(Math.min(250, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
    }
}
