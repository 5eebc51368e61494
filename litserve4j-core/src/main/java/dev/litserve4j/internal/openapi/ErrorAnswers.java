package dev.litserve4j.internal.openapi;

import dev.litserve4j.internal.config.ServerConfig;
import java.util.Map;

/** The error answers an inference route can give, as this server is configured. */
final class ErrorAnswers {

    private static final String JSON = "application/json";

    private ErrorAnswers() {
    }

    /**
     * 400, 401 (with an API key), 413 (with a payload limit), 500, 503 and 504 (with a timeout), in the
     * route's error shape. A user's {@code HttpError} may answer with any other status as well.
     */
    static void addTo(Operation operation, ServerConfig config, Components components, Components.ErrorShape shape) {
        Map<String, Object> error = components.error(shape);
        operation.response(400, shape == Components.ErrorShape.OPENAI
                ? "The request is not valid: the message names the field at fault (also in param)"
                : "The body is not JSON, or does not fit the API's input type: the detail says what is wrong and where",
                JSON, error);
        if (config.apiKey() != null) {
            unauthorized(operation, error);
        }
        if (config.maxPayloadSize() >= 0) {
            operation.response(413, "The body is larger than the payload limit of " + config.maxPayloadSize()
                    + " bytes", JSON, error);
        }
        operation.response(500, "The API failed unexpectedly (the stack trace is in the server's log only)", JSON, error);
        operation.response(503, "The API's request queue is full (retry after Retry-After seconds), or the server"
                + " is stopping", JSON, error)
                .header(503, "Retry-After", "Seconds to wait before retrying, when the queue was full",
                        Schemas.integer());
        if (config.timeout() != null) {
            operation.response(504, "No answer within the server's timeout of " + config.timeoutAsGiven()
                    + " s, queueing included", JSON, error);
        }
    }

    /** 401 for a missing or wrong {@code X-API-Key}. */
    static void unauthorized(Operation operation, Map<String, Object> error) {
        operation.response(401, "X-API-Key is missing or wrong", JSON, error)
                .header(401, "WWW-Authenticate", "APIKey, when the key is missing", Schemas.string());
    }
}
