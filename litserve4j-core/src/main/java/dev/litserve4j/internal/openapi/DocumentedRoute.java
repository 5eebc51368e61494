package dev.litserve4j.internal.openapi;

/**
 * A {@code GET} route of the public listener that the document lists beside the ones it knows
 * (such as the metrics page): one 200 answer of {@code contentType}.
 *
 * @param contentType as the route sends it, e.g. {@code text/plain; version=0.0.4; charset=utf-8}
 * @param apiKeyProtected whether the route checks {@code X-API-Key} (when the server has a key)
 */
public record DocumentedRoute(String path, String summary, String contentType, boolean apiKeyProtected) {
}
