package dev.litserve4j.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds a {@link LitClient}; {@link #build()} validates the options together and names the option,
 * the bad value and what to do.
 *
 * <pre>{@code
 * LitClient client = LitClient.builder(URI.create("http://127.0.0.1:8000"))
 *         .timeout(Duration.ofSeconds(10))
 *         .apiKey(System.getenv("LIT_SERVER_API_KEY"))
 *         .retryOn503(3, Duration.ofSeconds(5))
 *         .build();
 * }</pre>
 */
public final class LitClientBuilder {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    final URI baseUri;
    Duration timeout = DEFAULT_TIMEOUT;
    String apiKey;
    int maxAttempts = 1;
    Duration maxRetryWait = Duration.ZERO;
    ObjectMapper objectMapper;
    HttpClient httpClient;
    URI shutdownUri;

    LitClientBuilder(URI baseUri) {
        this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
    }

    /**
     * The longest one call may take (default 60 s); {@link RequestOptions#timeout} overrides it per
     * call. For a stream it bounds the wait for the stream's head, not the reading of its lines.
     */
    public LitClientBuilder timeout(Duration value) {
        this.timeout = value;
        return this;
    }

    /** Sent as {@code X-API-Key} on every call but {@code shutdown} (the server's {@code LIT_SERVER_API_KEY}). */
    public LitClientBuilder apiKey(String value) {
        this.apiKey = value == null || value.isEmpty() ? null : value;
        return this;
    }

    /**
     * Retries a 503 that carries {@code Retry-After} (a full queue, a warm-up) after the time it says,
     * up to {@code maxAttempts} attempts in all and {@code maxWait} of waiting in all; a 503 asking for
     * longer than what is left of {@code maxWait} is thrown at once. Default: no retries.
     */
    public LitClientBuilder retryOn503(int maxAttempts, Duration maxWait) {
        this.maxAttempts = maxAttempts;
        this.maxRetryWait = maxWait;
        return this;
    }

    /** Writes inputs and reads answers (default: a plain {@code new ObjectMapper()}). */
    public LitClientBuilder objectMapper(ObjectMapper value) {
        this.objectMapper = value;
        return this;
    }

    /**
     * The JDK client to send with, for TLS, a proxy or an executor of your own (default: one made
     * for this client, HTTP/1.1, with the client's timeout to connect).
     */
    public LitClientBuilder httpClient(HttpClient value) {
        this.httpClient = value;
        return this;
    }

    /**
     * Where {@link LitClient#shutdown(String)} posts (default: the base URI's {@code /shutdown}): the
     * server's {@code shutdownPath}, or its management port.
     */
    public LitClientBuilder shutdownUri(URI value) {
        this.shutdownUri = value;
        return this;
    }

    /** Checks the options and builds the client. */
    public LitClient build() {
        String scheme = baseUri.getScheme();
        if (!baseUri.isAbsolute() || baseUri.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException("baseUri must be an absolute http or https URI with a host, "
                    + "such as http://127.0.0.1:8000; got " + baseUri);
        }
        if (baseUri.getRawQuery() != null || baseUri.getRawFragment() != null) {
            throw new IllegalArgumentException("baseUri must have no query or fragment, got " + baseUri);
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retryOn503 maxAttempts must be >= 1 (1: no retry), got " + maxAttempts);
        }
        if (maxRetryWait == null || maxRetryWait.isNegative()) {
            throw new IllegalArgumentException("retryOn503 maxWait must be >= 0, got " + maxRetryWait);
        }
        if (shutdownUri != null && (!shutdownUri.isAbsolute() || shutdownUri.getHost() == null)) {
            throw new IllegalArgumentException("shutdownUri must be an absolute URI with a host, such as "
                    + "http://127.0.0.1:9000/shutdown; got " + shutdownUri);
        }
        return new LitClient(this);
    }
}
