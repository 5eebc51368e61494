package dev.litserve4j.internal.engine;

import dev.litserve4j.HttpError;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where an exception becomes an HTTP status, detail and headers. */
public final class ErrorMapping {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    /** The answer to a request the server will not finish because it is stopping. */
    public static final HttpError SHUTTING_DOWN = new HttpError(503, "Server is shutting down");

    /** The answer to a request that failed unexpectedly, after the failure was logged. */
    public static final HttpError INTERNAL_ERROR = new HttpError(500, "Internal server error");

    /** What the client receives. */
    public record Mapped(int status, Object detail, Map<String, String> headers) {
    }

    private ErrorMapping() {
    }

    /**
     * Maps {@code error}: an {@link HttpError} keeps its status, detail and headers; anything else is
     * a 500 whose stack trace is logged here and never sent.
     */
    public static Mapped map(Throwable error) {
        return map(error, "a request");
    }

    /** As {@link #map(Throwable)}; {@code about} names the request(s) in the log, such as "request 4f2a...". */
    public static Mapped map(Throwable error, String about) {
        if (error instanceof HttpError && ((HttpError) error).status() >= 200) {
            HttpError http = (HttpError) error;
            return new Mapped(http.status(), http.detail(), http.headers());
        }
        if (error instanceof HttpError) {
            // An interim status is no answer: the client would wait for the real one for ever.
            log.error("{}: an HttpError must carry a final status (200 to 599), got {}; answering 500", about,
                    ((HttpError) error).status(), error);
            return new Mapped(INTERNAL_ERROR.status(), INTERNAL_ERROR.detail(), Map.of());
        }
        log.error("{} failed with an unexpected exception", about, error);
        return new Mapped(INTERNAL_ERROR.status(), INTERNAL_ERROR.detail(), Map.of());
    }
}
