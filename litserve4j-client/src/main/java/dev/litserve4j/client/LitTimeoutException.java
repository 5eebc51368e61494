package dev.litserve4j.client;

/**
 * The call's timeout (the client's default, or the one of its {@link RequestOptions}) passed before
 * the answer arrived; for a stream, before its head arrived. The request was cancelled, so the server
 * sees its client gone. A 504 from the server (its own {@code --timeout}) is a {@link LitHttpException}.
 */
public class LitTimeoutException extends LitClientException {

    private static final long serialVersionUID = 1L;

    /** A timeout described by {@code message}. */
    public LitTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
