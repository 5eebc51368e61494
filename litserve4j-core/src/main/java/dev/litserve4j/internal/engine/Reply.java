package dev.litserve4j.internal.engine;

/**
 * Where the engine sends the answer to one request. Implemented by the HTTP layer; callable from any
 * thread. Each method claims its right to write through the request's {@link RequestState} first,
 * so a call that lost the race (the request timed out, the client left, the stream was cut) does
 * nothing.
 */
public interface Reply {

    /** Sends 200 with a JSON body, unless the request was answered or cut already. */
    void json(byte[] body);

    /**
     * Sends the complete error answer {@code error} maps to (see {@link ErrorMapping}); does nothing
     * once a stream is open or the request is finished. True when this call answered.
     */
    boolean error(Throwable error);

    /**
     * Answers with {@code error} as {@link #error} does, or ends an open stream with its wire format's
     * error record. {@code cut}: the server ended the answer early (the shutdown deadline), not the
     * API. True when this call wrote something.
     */
    boolean fail(Throwable error, boolean cut);

    /**
     * Sends one stream chunk (what {@code encodeResponse} returned), opening the stream with the first;
     * blocks while the connection cannot take more.
     *
     * @throws ClientGoneException when the client has gone or the answer was given by someone else
     */
    void chunk(Object encoded) throws InterruptedException;

    /** Ends the stream (opening it first if no chunk was sent), unless it was answered or cut. */
    void endStream();

    /** True when nobody reads the answer any more (the client disconnected). */
    boolean isCancelled();
}
