package dev.litserve4j.internal.http;

import dev.litserve4j.Middleware;
import dev.litserve4j.internal.auth.ApiKeyAuthenticator;
import dev.litserve4j.internal.json.JsonCodec;
import java.util.List;

/**
 * What every connection's handler shares: the routes, the filters around them and the API key check.
 *
 * @param apiKey null when the server has no {@code X-API-Key}
 * @param connections the listener's open connections
 */
public record Routing(Router router, List<Middleware> middlewares, ApiKeyAuthenticator apiKey, JsonCodec codec,
        Connections connections) {
}
