package dev.litserve4j.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/** Builds the client's requests: the base URI, the JSON body, the API key, each call's options. */
final class Requests {

    private static final String PREDICT_PATH = "/predict";

    private final String base;
    private final String apiKey;
    private final ObjectMapper mapper;
    private final Duration timeout;

    /** @param base the server's base URI as text, without a trailing slash */
    Requests(String base, String apiKey, ObjectMapper mapper, Duration timeout) {
        this.base = base;
        this.apiKey = apiKey;
        this.mapper = mapper;
        this.timeout = timeout;
    }

    /** {@code POST} of {@code input} as JSON to the options' path ({@code /predict} by default). */
    HttpRequest post(Object input, RequestOptions options) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(input);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the input cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + options.pathOr(PREDICT_PATH)))
                .timeout(timeout(options)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        withApiKey(request);
        options.headers().forEach(request::header);
        return request.build();
    }

    /** {@code GET path}. */
    HttpRequest get(String path) {
        return withApiKey(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).GET()).build();
    }

    /** The shutdown route's {@code POST}: the bearer key only, never the API key (that route ignores it). */
    HttpRequest shutdown(URI uri, String key) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    Duration timeout(RequestOptions options) {
        return options.timeoutOr(timeout);
    }

    Duration timeout() {
        return timeout;
    }

    static String describe(HttpRequest request) {
        return request.method() + " " + request.uri();
    }

    private HttpRequest.Builder withApiKey(HttpRequest.Builder request) {
        return apiKey == null ? request : request.header("X-API-Key", apiKey);
    }
}
