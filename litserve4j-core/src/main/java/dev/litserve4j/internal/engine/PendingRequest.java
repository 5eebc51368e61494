package dev.litserve4j.internal.engine;

import dev.litserve4j.RequestContext;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request waiting in an API's queue or being processed. Whoever calls {@link #tryFinish()} first
 * (the worker with a result, the timeout, the shutdown) owns the answer; the others drop theirs.
 */
public final class PendingRequest {

    private final byte[] body;
    private final RequestContext context;
    private final Reply reply;
    private final long enqueuedNanos;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Runnable onFinish;

    public PendingRequest(byte[] body, RequestContext context, Reply reply, long enqueuedNanos, Runnable onFinish) {
        this.body = body;
        this.context = context;
        this.reply = reply;
        this.enqueuedNanos = enqueuedNanos;
        this.onFinish = onFinish;
    }

    public byte[] body() {
        return body;
    }

    public RequestContext context() {
        return context;
    }

    public long enqueuedNanos() {
        return enqueuedNanos;
    }

    public boolean isFinished() {
        return finished.get();
    }

    /** Claims the right to answer; true exactly once. */
    public boolean tryFinish() {
        if (finished.compareAndSet(false, true)) {
            onFinish.run();
            return true;
        }
        return false;
    }

    /** Answers with a JSON body unless someone else answered first. */
    public void succeed(byte[] json) {
        if (tryFinish()) {
            reply.json(json);
        }
    }

    /** Answers with an error unless someone else answered first. */
    public void fail(Throwable error) {
        if (tryFinish()) {
            reply.error(error);
        }
    }
}
