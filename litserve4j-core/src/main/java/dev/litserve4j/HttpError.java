package dev.litserve4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown from any {@link LitApi} hook, callback or middleware to answer with a chosen status: the
 * client receives {@code status}, the body {@code {"detail": detail}} and the given headers.
 *
 * <pre>{@code
 * throw new HttpError(422, "field 'input' must be a number");
 * throw new HttpError(429, "slow down", Map.of("Retry-After", "2"));
 * }</pre>
 */
public class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Object detail;
    private final Map<String, String> headers;

    public HttpError(int status, Object detail) {
        this(status, detail, Map.of());
    }

    public HttpError(int status, Object detail, Map<String, String> headers) {
        super(status + ": " + detail, null, false, false);
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status code (100-599), got " + status);
        }
        this.status = status;
        this.detail = detail;
        this.headers = Map.copyOf(new LinkedHashMap<>(headers));
    }

    public int status() {
        return status;
    }

    /** The value of the {@code detail} field: usually a string, any JSON-writable value is allowed. */
    public Object detail() {
        return detail;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
