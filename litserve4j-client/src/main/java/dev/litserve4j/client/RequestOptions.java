package dev.litserve4j.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one call changes from the client's defaults: the path (an API served on its own path), the
 * timeout, extra headers. Immutable: each method returns a copy.
 *
 * <pre>{@code
 * client.predict(input, Answer.class, RequestOptions.path("/batched").timeout(Duration.ofSeconds(2)));
 * client.stream(input, Token.class, RequestOptions.defaults().header("X-Request-Id", "job-42"));
 * }</pre>
 */
public final class RequestOptions {

    private static final RequestOptions DEFAULTS = new RequestOptions(null, null, Map.of());

    private final String path;
    private final Duration timeout;
    private final Map<String, String> headers;

    private RequestOptions(String path, Duration timeout, Map<String, String> headers) {
        this.path = path;
        this.timeout = timeout;
        this.headers = headers;
    }

    /** No overrides: the default path ({@code /predict}), the client's timeout, no extra headers. */
    public static RequestOptions defaults() {
        return DEFAULTS;
    }

    /** Options starting with a path. */
    public static RequestOptions path(String path) {
        return DEFAULTS.withPath(path);
    }

    /** The path to POST to, such as {@code /v1/classify}; it must start with {@code /}. */
    public RequestOptions withPath(String value) {
        Objects.requireNonNull(value, "path");
        if (!value.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', got \"" + value + "\"");
        }
        return new RequestOptions(value, timeout, headers);
    }

    /** The longest this call may take, instead of the client's default timeout; must be positive. */
    public RequestOptions timeout(Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, got " + value);
        }
        return new RequestOptions(path, value, headers);
    }

    /** One more request header (a later value for the same name replaces the earlier one). */
    public RequestOptions header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new RequestOptions(path, timeout, Map.copyOf(copy));
    }

    String pathOr(String fallback) {
        return path == null ? fallback : path;
    }

    Duration timeoutOr(Duration fallback) {
        return timeout == null ? fallback : timeout;
    }

    Map<String, String> headers() {
        return headers;
    }
}
