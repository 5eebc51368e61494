package dev.litserve4j.internal.engine;

import dev.litserve4j.RequestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A request waiting in an API's queue or being processed: its body, its context and where its answer
 * goes. Who may answer is decided by its {@link RequestState} alone; this class only routes the
 * engine's outcomes to the {@link Reply}.
 */
public final class PendingRequest {

    private final RequestContext context;
    private final RequestState state;
    private final Reply reply;
    private final long queuedAt = System.nanoTime();
    private byte[] body; // dropped once decoded: a slow predict must not keep the request bytes alive
    private boolean metered = true; // set before the request is queued
    private volatile Runnable abandon; // cancels an asynchronous predict the answer no longer waits for
    private Runnable release; // frees what decoding the body left (temporary files); under this object's lock
    private boolean ended;    // under this object's lock
    private Path spool;       // the rest of a form body, past its head in memory; under this object's lock

    public PendingRequest(byte[] body, RequestContext context, RequestState state, Reply reply) {
        this.body = body;
        this.context = context;
        this.state = state;
        this.reply = reply;
    }

    /** The body, once: the worker decodes it and the bytes are released. */
    public byte[] takeBody() {
        byte[] taken = body;
        body = null;
        if (taken == null) {
            throw new IllegalStateException("the request body was taken already");
        }
        return taken;
    }

    /**
     * Gives the request the file holding the rest of its body (after the bytes in memory): it is
     * deleted once decoded ({@link #dropSpool}) or when the request ends, whichever comes first.
     */
    public PendingRequest spooled(Path file) {
        synchronized (this) {
            spool = file;
        }
        return this;
    }

    /** The file holding the rest of the body, or null when the body is all in memory. */
    public synchronized Path spool() {
        return spool;
    }

    /** Deletes the spool file, once its bytes are decoded or the request is over; any thread. */
    public void dropSpool() {
        Path file;
        synchronized (this) {
            file = spool;
            spool = null;
        }
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(PendingRequest.class).warn("cannot delete {}: {}", file, e.toString());
            }
        }
    }

    /** The server's own warm-up request: its queue wait and inference are not metered. */
    public PendingRequest unmetered() {
        metered = false;
        return this;
    }

    public boolean metered() {
        return metered;
    }

    /** When the request was made, just before it was queued ({@link System#nanoTime()}). */
    public long queuedAt() {
        return queuedAt;
    }

    public RequestContext context() {
        return context;
    }

    public RequestState state() {
        return state;
    }

    /** A worker takes the request; false when it was answered or cut while it waited (then skip it). */
    public boolean take() {
        return state.take();
    }

    /** True once the answer is complete or was given up: nothing more to do. */
    public boolean isFinished() {
        return state.isFinished();
    }

    /** Answers with a JSON body unless someone else answered first. */
    public void succeed(byte[] json) {
        reply.json(json);
    }

    /** Answers with an error; a stream already under way ends with its error line instead. */
    public void fail(Throwable error) {
        reply.fail(error, false);
    }

    /** The server gives up on the request (shutdown deadline); true when an answer or error line was written. */
    public boolean cut(Throwable error) {
        return reply.fail(error, true);
    }

    /** Answers with an error only while nothing is on the wire (a deadline does not cut a stream). */
    public boolean expire(Throwable error) {
        return reply.error(error);
    }

    /**
     * Sends one encoded stream chunk, blocking while the client is slow.
     *
     * @throws ClientGoneException when the stream was ended by someone else or the client left
     */
    public void emit(Object encoded) throws InterruptedException {
        if (state.isFinished()) {
            throw new ClientGoneException("the request was answered already");
        }
        reply.chunk(encoded);
    }

    /** True once no one will read more chunks. */
    public boolean isCancelled() {
        return state.isFinished() || reply.isCancelled();
    }

    /** What to do when the request is over before its asynchronous predict is (cancel that call). */
    void onAbandon(Runnable action) {
        this.abandon = action;
    }

    /**
     * The request is over (answered, timed out, cut, or its client gone): an asynchronous predict still
     * running for it is cancelled; any thread, any number of times.
     */
    public void abandon() {
        Runnable action = abandon;
        if (action != null) {
            abandon = null;
            action.run();
        }
        Runnable free;
        synchronized (this) {
            ended = true;
            free = release;
            release = null;
        }
        if (free != null) {
            free.run();
        }
        dropSpool();
    }

    /**
     * Runs {@code action} when the request is over ({@link #abandon}), or now when it is over already:
     * the temporary files of its decoded body are deleted whichever way it ended. One action; any thread.
     */
    public void atEnd(Runnable action) {
        synchronized (this) {
            if (!ended) {
                release = action;
                return;
            }
        }
        action.run();
    }

    /** Ends a stream normally (an empty one if nothing was emitted). */
    public void endStream() {
        reply.endStream();
    }
}
