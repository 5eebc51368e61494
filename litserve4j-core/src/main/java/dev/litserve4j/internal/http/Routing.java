package dev.litserve4j.internal.http;

import dev.litserve4j.Middleware;
import dev.litserve4j.internal.auth.ApiKeyAuthenticator;
import dev.litserve4j.internal.config.ConnectionLimits;
import dev.litserve4j.internal.engine.RequestCounters;
import dev.litserve4j.internal.json.JsonCodec;
import java.util.List;

/**
 * What every connection of one listener shares: the routes, the filters around them, the API key
 * check, and the limits a connection must keep to.
 *
 * @param apiKey null when the server has no {@code X-API-Key}
 * @param connections the server's open connections
 * @param maxBodyBytes the largest request body, or -1 for no limit
 * @param counters where requests that ended without an answer are counted
 * @param accessLog where finished requests are written, one line each
 */
public record Routing(Router router, List<Middleware> middlewares, ApiKeyAuthenticator apiKey, JsonCodec codec,
        Connections connections, ConnectionLimits limits, long maxBodyBytes, RequestCounters counters,
        AccessLog accessLog) {

    /** Without an access log. */
    public Routing(Router router, List<Middleware> middlewares, ApiKeyAuthenticator apiKey, JsonCodec codec,
            Connections connections, ConnectionLimits limits, long maxBodyBytes, RequestCounters counters) {
        this(router, middlewares, apiKey, codec, connections, limits, maxBodyBytes, counters, AccessLog.off());
    }
}
