package dev.litserve4j;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-request state shared by the hooks of one request ({@code decodeRequest}, {@code predict},
 * {@code encodeResponse}): attributes the API stores for itself, and what the request carried.
 * Specs pre-fill attributes from the request (LitServe's {@code context} dict).
 */
public final class RequestContext {

    private final String path;
    private final Map<String, String> headers;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    /** Creates a context; the server does this for each request. */
    public RequestContext(String path, Map<String, String> headers) {
        this.path = path;
        this.headers = Map.copyOf(headers);
    }

    /** The request's path, without the query string. */
    public String path() {
        return path;
    }

    /**
     * The request's id: the client's {@code X-Request-Id} when it sent a usable one (1 to 128
     * printable ASCII characters), else one the server made. Every answer carries it back in
     * {@code X-Request-Id}, and the server's log lines about the request name it.
     */
    public String requestId() {
        return header("x-request-id");
    }

    /** A request header by name (case-insensitive), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** The attribute stored under {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        return (T) attributes.get(key);
    }

    /** Stores an attribute (a null value removes it) and returns this context. */
    public RequestContext put(String key, Object value) {
        if (value == null) {
            attributes.remove(key);
        } else {
            attributes.put(key, value);
        }
        return this;
    }

    /** A live view of all attributes. */
    public Map<String, Object> attributes() {
        return attributes;
    }
}
