package dev.litserve4j.internal.engine;

import dev.litserve4j.RequestContext;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request waiting in an API's queue or being processed. Its answer is written once: whoever moves
 * it out of {@code PENDING} first (the worker with a result or a first stream chunk, the deadline
 * timer, the shutdown) owns it, and the others' answers are dropped. A started stream can still be
 * ended early by a failure (the shutdown deadline), which then writes the stream's error line.
 */
public final class PendingRequest {

    private static final int PENDING = 0;
    private static final int STREAMING = 1;
    private static final int DONE = 2;

    private final byte[] body;
    private final RequestContext context;
    private final Reply reply;
    private final AtomicInteger state = new AtomicInteger(PENDING);

    public PendingRequest(byte[] body, RequestContext context, Reply reply) {
        this.body = body;
        this.context = context;
        this.reply = reply;
    }

    public byte[] body() {
        return body;
    }

    public RequestContext context() {
        return context;
    }

    /** True once the answer is complete, or was given by someone else: nothing more to do. */
    public boolean isDone() {
        return state.get() == DONE;
    }

    private boolean claim(int from, int to) {
        return state.compareAndSet(from, to);
    }

    /** Answers with a JSON body unless someone else answered first. */
    public void succeed(byte[] json) {
        if (claim(PENDING, DONE)) {
            reply.json(json);
        }
    }

    /** Answers with an error; a stream already under way ends with its error line instead. */
    public void fail(Throwable error) {
        if (claim(PENDING, DONE)) {
            reply.error(error);
        } else if (claim(STREAMING, DONE)) {
            reply.streamError(error);
        }
    }

    /**
     * True while a deadline may still answer: nothing is on the wire yet. A stream whose chunks are
     * being gathered into one answer (a non-streamed chat completion) still counts.
     */
    public boolean isExpirable() {
        int s = state.get();
        return s == PENDING || (s == STREAMING && !reply.streamStarted());
    }

    /** Answers with an error only if nothing has been sent yet (a deadline does not cut a stream). */
    public void expire(Throwable error) {
        if (claim(PENDING, DONE) || (!reply.streamStarted() && claim(STREAMING, DONE))) {
            reply.error(error);
        }
    }

    /**
     * Sends one encoded stream chunk, blocking while the client is slow.
     *
     * @throws ClientGoneException when the stream was ended by someone else or the client left
     */
    public void emit(Object encoded) throws InterruptedException {
        if (!claim(PENDING, STREAMING) && state.get() != STREAMING) {
            throw new ClientGoneException("the stream was ended by the server");
        }
        reply.chunk(encoded);
    }

    /** True once no one will read more chunks. */
    public boolean isCancelled() {
        return state.get() == DONE || reply.isCancelled();
    }

    /** Ends a stream normally (an empty one if nothing was emitted). */
    public void endStream() {
        if (claim(STREAMING, DONE) || claim(PENDING, DONE)) {
            reply.endStream();
        }
    }
}
