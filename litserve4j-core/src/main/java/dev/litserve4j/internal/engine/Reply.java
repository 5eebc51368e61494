package dev.litserve4j.internal.engine;

/**
 * Where the engine sends the answer to one request. Implemented by the HTTP layer; callable from any
 * thread. {@link PendingRequest} makes sure that one answer is written: a JSON body or an error, or a
 * stream of chunks ended by {@link #endStream} or {@link #streamError}.
 */
public interface Reply {

    /** Sends 200 with a JSON body. */
    void json(byte[] body);

    /** Sends the error a {@link Throwable} maps to (see {@link ErrorMapping}). */
    void error(Throwable error);

    /**
     * Sends one stream chunk (what {@code encodeResponse} returned), opening the stream with the first;
     * blocks while the connection cannot take more.
     *
     * @throws java.util.concurrent.CancellationException when the client has gone
     */
    void chunk(Object encoded) throws InterruptedException;

    /** Ends the stream (opening it first if no chunk was sent). */
    void endStream();

    /** Ends a started stream with the wire format's error record for {@code error}. */
    void streamError(Throwable error);

    /** True once bytes of a stream are on their way: a deadline can no longer answer 504. */
    boolean streamStarted();

    /** True when nobody reads the answer any more (the client disconnected). */
    boolean isCancelled();
}
