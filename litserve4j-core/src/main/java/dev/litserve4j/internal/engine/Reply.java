package dev.litserve4j.internal.engine;

/**
 * Where the engine sends the answer to one request. Implemented by the HTTP layer; callable from any
 * thread. Exactly one of the two methods takes effect, once, because the request decides who finishes
 * it (see {@link PendingRequest#tryFinish()}).
 */
public interface Reply {

    /** Sends 200 with a JSON body. */
    void json(byte[] body);

    /** Sends the error a {@link Throwable} maps to (see {@link ErrorMapping}). */
    void error(Throwable error);
}
