package dev.litserve4j.internal.http;

/**
 * Where the chunks of one streamed answer go: written as they come, or gathered into one answer.
 * Every method claims its right to write through the exchange's request state first.
 */
public interface StreamSink {

    /** Takes one chunk; may block while the client is slow; ClientGoneException when it is gone. */
    void chunk(Object encoded) throws InterruptedException;

    /** Ends the answer normally. */
    void end();

    /**
     * Ends the answer with {@code error}: a stream that is open gets its error record; {@code cut}
     * says the server ended it early rather than the API. True when this call wrote something.
     */
    boolean error(Throwable error, boolean cut);

    /** True when nobody reads the answer any more. */
    boolean isCancelled();
}
