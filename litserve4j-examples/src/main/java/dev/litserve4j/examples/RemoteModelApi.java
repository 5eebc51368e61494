package dev.litserve4j.examples;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.HttpError;
import dev.litserve4j.LitApi;
import dev.litserve4j.RequestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Answers by asking a model served elsewhere, without holding a worker while it waits. */
public final class RemoteModelApi implements LitApi<Map<String, Object>, Map<String, Object>> {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final URI remote;

    public RemoteModelApi(URI remote) {
        this.remote = remote;
    }

    @Override
    public CompletionStage<Map<String, Object>> predictAsync(Map<String, Object> input, RequestContext context)
            throws IOException {
        HttpRequest request = HttpRequest.newBuilder(remote).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(input))).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new HttpError(502, "The remote model answered " + response.statusCode());
            }
            try {
                return json.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
