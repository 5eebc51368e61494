package dev.litserve4j.internal.http;

/** Where the chunks of one streamed answer go: written as they come, or gathered into one answer. */
public interface StreamSink {

    /** Takes one chunk; may block while the client is slow; CancellationException when it is gone. */
    void chunk(Object encoded) throws InterruptedException;

    /** Ends the answer normally. */
    void end();

    /** Ends the answer with {@code error}. */
    void error(Throwable error);

    /** True once some of the answer has been written (not for an answer gathered until its end). */
    boolean started();

    /** True when nobody reads the answer any more. */
    boolean isCancelled();
}
