package dev.litserve4j.internal.http;

import dev.litserve4j.HttpError;
import dev.litserve4j.internal.engine.ErrorMapping;
import dev.litserve4j.internal.metrics.Rejection;
import java.util.Map;

/** An error answer that turns a request away for a reason the metrics count ({@link Rejection}). */
final class Refusal extends HttpError {

    private final transient Rejection cause;

    Refusal(Rejection cause, int status, String detail, Map<String, String> headers) {
        super(status, detail, headers);
        this.cause = cause;
    }

    /** Why an error answer with {@code status} turned its request away, or null when it is no rejection. */
    static Rejection of(Throwable error, int status) {
        if (error instanceof Refusal) {
            return ((Refusal) error).cause;
        }
        if (error == ErrorMapping.SHUTTING_DOWN) {
            return Rejection.SHUTTING_DOWN;
        }
        switch (status) {
            case 413: return Rejection.PAYLOAD_TOO_LARGE;
            case 429: return Rejection.RATE_LIMITED;
            case 504: return Rejection.TIMEOUT;
            default: return null;
        }
    }
}
