package dev.litserve4j.internal.http;

import dev.litserve4j.HttpError;
import dev.litserve4j.LitApi;
import dev.litserve4j.RequestContext;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An API's own access check ({@link LitApi#authorize}), run by the {@link RequestGate} on a request's
 * head before any of its body is read. What it returns goes on to the request's hooks.
 */
@FunctionalInterface
public interface HeadAuthorizer {

    /**
     * Decides a request from its path and headers; event loop.
     *
     * @return the context the check filled (its attributes are handed on to the request's hooks)
     * @throws HttpError to refuse the request with that answer
     */
    RequestContext authorize(String path, HttpHeaders headers);

    /** The check of {@code api}'s {@code authorize}. */
    static HeadAuthorizer of(LitApi<?, ?> api) {
        return (path, headers) -> {
            RequestContext context = new RequestContext(path, lowerCased(headers));
            api.authorize(context);
            return context;
        };
    }

    /** Header names in lower case, the first value of each, as a {@link RequestContext} takes them. */
    static Map<String, String> lowerCased(Iterable<Map.Entry<String, String>> headers) {
        Map<String, String> map = new HashMap<>();
        headers.forEach(e -> map.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        return map;
    }
}
