package dev.litserve4j.internal.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where one request is, from the moment it is accepted to its last byte, and the only place that
 * decides who may answer it. Every transition is a single compare-and-set, so the worker, the
 * request timeout, the client going away and the shutdown deadline race only here: whoever moves
 * the request on writes (or drops) its answer, and everybody else does nothing.
 *
 * <pre>
 *   QUEUED ──take──▶ RUNNING ──open──▶ STREAMING ──finish──▶ ANSWERED
 *     │                 │                  │
 *     └──answer─────────┴──▶ ANSWERED      └──cut──▶ CUT
 *     └──cut────────────┴──▶ CUT
 * </pre>
 *
 * <p>ANSWERED means the client was sent a complete answer (any status, a stream with its end);
 * CUT means the server gave up on it without one (the client left, a stream stalled, a stream cut
 * at the shutdown deadline).
 */
public final class RequestState {

    public static final int QUEUED = 0;
    public static final int RUNNING = 1;
    public static final int STREAMING = 2;
    public static final int ANSWERED = 3;
    public static final int CUT = 4;

    private final AtomicInteger state = new AtomicInteger(QUEUED);

    /** The current state, one of the constants. */
    public int get() {
        return state.get();
    }

    /** A worker takes the request off the queue; false when it was answered or cut while waiting. */
    public boolean take() {
        return state.compareAndSet(QUEUED, RUNNING);
    }

    /**
     * Claims the right to write a complete answer (a body or an error); false once a stream is open
     * or the request is finished. Only a request queued or running can be answered this way.
     */
    public boolean answer() {
        int s = state.get();
        while (s == QUEUED || s == RUNNING) {
            if (state.compareAndSet(s, ANSWERED)) {
                return true;
            }
            s = state.get();
        }
        return false;
    }

    /** Claims the right to write a stream's head; false when someone answered first. */
    public boolean open() {
        return state.compareAndSet(RUNNING, STREAMING);
    }

    /** Claims the right to write an open stream's end; false when it was cut. */
    public boolean finish() {
        return state.compareAndSet(STREAMING, ANSWERED);
    }

    /**
     * Gives the request up without a complete answer.
     *
     * @return the state it was in, or -1 when it had finished already (nothing to do)
     */
    public int cut() {
        int s = state.get();
        while (s < ANSWERED) {
            if (state.compareAndSet(s, CUT)) {
                return s;
            }
            s = state.get();
        }
        return -1;
    }

    public boolean isStreaming() {
        return state.get() == STREAMING;
    }

    public boolean isFinished() {
        return state.get() >= ANSWERED;
    }

    @Override
    public String toString() {
        switch (state.get()) {
            case QUEUED: return "QUEUED";
            case RUNNING: return "RUNNING";
            case STREAMING: return "STREAMING";
            case ANSWERED: return "ANSWERED";
            default: return "CUT";
        }
    }
}
