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
        headers.forEach(HttpError::checkHeader);
        this.status = status;
        this.detail = detail;
        this.headers = Map.copyOf(new LinkedHashMap<>(headers));
    }

    /** Refuses what would break the response head: a name that is not an HTTP token, a value with CR/LF. */
    private static void checkHeader(String name, String value) {
        if (name == null || name.isEmpty() || !name.chars().allMatch(HttpError::isTokenChar)) {
            throw new IllegalArgumentException("header name must be an HTTP token (letters, digits, !#$%&'*+-.^_`|~), got \""
                    + name + "\"");
        }
        if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("header " + name + " must have a value without CR, LF or NUL");
        }
    }

    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
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
