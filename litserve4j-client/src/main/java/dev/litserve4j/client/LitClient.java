package dev.litserve4j.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Calls a litserve4j server (or a LitServe one: the routes and JSON are the same) from Java: predict,
 * stream, health, info and the shutdown route. Thread-safe; share one per server.
 *
 * <pre>{@code
 * record Answer(double output) {}
 *
 * LitClient client = LitClient.builder(URI.create("http://127.0.0.1:8000")).build();
 * Answer answer = client.predict(Map.of("input", 4.0), Answer.class);           // {"output":16.0}
 * try (Stream<Answer> chunks = client.stream(Map.of("n", 3), Answer.class)) {   // NDJSON, read lazily
 *     chunks.limit(2).forEach(System.out::println);                             // closing cancels the rest
 * }
 * }</pre>
 *
 * <p>Inputs are written by the client's {@link ObjectMapper} (a map, a record, a {@link JsonNode});
 * answers are read as the asked type, {@code String} being the text as it came. A non-2xx answer is a
 * {@link LitHttpException} with its status and the server's {@code detail}; a call out of time is a
 * {@link LitTimeoutException}; every other failure a {@link LitClientException}.
 */
public final class LitClient {

    private final String base;
    private final URI shutdownUri;
    private final Duration timeout;
    private final ObjectMapper mapper;
    private final Requests requests;
    private final ErrorBodies errors;
    private final Transport transport;

    LitClient(LitClientBuilder builder) {
        String uri = builder.baseUri.toString();
        this.base = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        this.shutdownUri = builder.shutdownUri != null ? builder.shutdownUri : URI.create(base + "/shutdown");
        this.timeout = builder.timeout;
        this.mapper = builder.objectMapper != null ? builder.objectMapper : new ObjectMapper();
        this.requests = new Requests(base, builder.apiKey, mapper, timeout);
        this.errors = new ErrorBodies(mapper);
        HttpClient http = builder.httpClient != null ? builder.httpClient : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(builder.timeout).build();
        this.transport = new Transport(http, errors, builder.maxAttempts, builder.maxRetryWait, Clock.systemUTC());
    }

    /** A builder for a client of the server at {@code baseUri}, such as {@code http://127.0.0.1:8000}. */
    public static LitClientBuilder builder(URI baseUri) {
        return new LitClientBuilder(baseUri);
    }

    /** A client of {@code baseUri} with the defaults. */
    public static LitClient create(URI baseUri) {
        return builder(baseUri).build();
    }

    /** The server's base URI, without a trailing slash. */
    public URI baseUri() {
        return URI.create(base);
    }

    /** POSTs {@code input} as JSON to {@code /predict} and reads the answer as {@code type}. */
    public <T> T predict(Object input, Class<T> type) {
        return predict(input, type, RequestOptions.defaults());
    }

    /** As {@link #predict(Object, Class)}, on {@code path} (an API served on its own path). */
    public <T> T predict(String path, Object input, Class<T> type) {
        return predict(input, type, RequestOptions.path(path));
    }

    /** As {@link #predict(Object, Class)}, for a generic type such as {@code Map<String, Object>}. */
    public <T> T predict(Object input, TypeReference<T> type) {
        return predict(input, type, RequestOptions.defaults());
    }

    /** As {@link #predict(Object, Class)}, with this call's path, timeout and headers. */
    public <T> T predict(Object input, Class<T> type, RequestOptions options) {
        return predict(input, mapper.constructType(type), options);
    }

    /** As {@link #predict(Object, TypeReference)}, with this call's path, timeout and headers. */
    public <T> T predict(Object input, TypeReference<T> type, RequestOptions options) {
        return predict(input, mapper.constructType(type), options);
    }

    private <T> T predict(Object input, JavaType type, RequestOptions options) {
        HttpRequest request = requests.post(input, options);
        HttpResponse<byte[]> answer = transport.send(request, BodyHandlers.ofByteArray(), requests.timeout(options));
        return new AnswerReader<T>(mapper, type).body(answer.body(), Requests.describe(request));
    }

    /**
     * POSTs {@code input} to a streaming API ({@code /predict}) and returns its NDJSON lines, each read
     * as {@code type} when the stream gets to it. Close the stream (try-with-resources) to stop early:
     * that cancels the request, and the server stops generating. An error line ends the stream with a
     * {@link LitHttpException}; an error before the first chunk is thrown here.
     */
    public <T> Stream<T> stream(Object input, Class<T> type) {
        return stream(input, type, RequestOptions.defaults());
    }

    /** As {@link #stream(Object, Class)}, on {@code path}. */
    public <T> Stream<T> stream(String path, Object input, Class<T> type) {
        return stream(input, type, RequestOptions.path(path));
    }

    /** As {@link #stream(Object, Class)}, for a generic type. */
    public <T> Stream<T> stream(Object input, TypeReference<T> type) {
        return stream(input, type, RequestOptions.defaults());
    }

    /** As {@link #stream(Object, Class)}, with this call's options; the timeout bounds the wait for the head. */
    public <T> Stream<T> stream(Object input, Class<T> type, RequestOptions options) {
        return stream(input, mapper.constructType(type), options);
    }

    /** As {@link #stream(Object, TypeReference)}, with this call's options. */
    public <T> Stream<T> stream(Object input, TypeReference<T> type, RequestOptions options) {
        return stream(input, mapper.constructType(type), options);
    }

    private <T> Stream<T> stream(Object input, JavaType type, RequestOptions options) {
        HttpRequest request = requests.post(input, options);
        HttpResponse<InputStream> answer = transport.send(request, BodyHandlers.ofInputStream(),
                requests.timeout(options));
        return NdjsonStream.open(answer.body(), new AnswerReader<T>(mapper, type), errors, Requests.describe(request));
    }

    /**
     * True when {@code GET /health} answers 200 (every worker set up, every API healthy), false when it
     * answers 503 (starting, an API unhealthy, stopping). Any other answer is a {@link LitHttpException}.
     */
    public boolean health() {
        try {
            transport.send(requests.get("/health"), BodyHandlers.discarding(), timeout);
            return true;
        } catch (LitHttpException e) {
            if (e.status() == 503) {
                return false;
            }
            throw e;
        }
    }

    /** {@code GET /info}: the model metadata under {@code "model"}, the server's configuration under {@code "server"}. */
    public JsonNode info() {
        HttpRequest request = requests.get("/info");
        byte[] body = transport.send(request, BodyHandlers.ofByteArray(), timeout).body();
        return new AnswerReader<JsonNode>(mapper, mapper.constructType(JsonNode.class))
                .body(body, Requests.describe(request));
    }

    /**
     * Asks the server to stop gracefully: {@code POST /shutdown} (or the builder's {@code shutdownUri})
     * with {@code Authorization: Bearer <key>}. Returns the server's message once it accepted; a wrong
     * key is a {@link LitHttpException} 401, a server without the shutdown API answers 404.
     */
    public String shutdown(String key) {
        java.util.Objects.requireNonNull(key, "key");
        byte[] body = transport.send(requests.shutdown(shutdownUri, key), BodyHandlers.ofByteArray(), timeout).body();
        return new String(body, StandardCharsets.UTF_8);
    }
}
