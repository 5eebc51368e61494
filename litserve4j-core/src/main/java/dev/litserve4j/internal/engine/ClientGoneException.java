package dev.litserve4j.internal.engine;

import java.util.concurrent.CancellationException;

/**
 * The server's own cancellation of a stream: the client left, or the server ended the answer. Only
 * this one ends a stream quietly; a CancellationException of the API's own is an error like any other.
 */
public final class ClientGoneException extends CancellationException {

    private static final long serialVersionUID = 1L;

    public ClientGoneException(String message) {
        super(message);
    }
}
