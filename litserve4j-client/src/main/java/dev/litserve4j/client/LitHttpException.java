package dev.litserve4j.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The server answered with an error status, or ended a stream with an error line
 * ({@code {"error": {"status": ..., "detail": ...}}}). {@link #detail()} is the server's
 * {@code detail} field as text: a string detail as it is, any other JSON value as compact JSON, and the
 * whole body when it was not LitServe's {@code {"detail": ...}} (such as {@code /health}'s
 * {@code not ready}).
 *
 * <pre>{@code
 * catch (LitHttpException e) {
 *     if (e.status() == 400) {
 *         System.err.println("bad input: " + e.detail());
 *     }
 * }
 * }</pre>
 */
public class LitHttpException extends LitClientException {

    private static final long serialVersionUID = 1L;
    private static final int MESSAGE_DETAIL_LIMIT = 500;

    private final int status;
    private final String detail;
    private final transient JsonNode detailJson;
    private final Map<String, List<String>> headers;

    /**
     * @param detailJson the {@code detail} value as the server sent it, or null when the body had none
     * @param headers the answer's headers, names in lower case (empty for a stream's error line)
     */
    public LitHttpException(String request, int status, String detail, JsonNode detailJson,
            Map<String, List<String>> headers) {
        super(request + " answered " + status + ": " + shortened(detail), null);
        this.status = status;
        this.detail = detail;
        this.detailJson = detailJson;
        Map<String, List<String>> lowerCase = new HashMap<>();
        headers.forEach((name, values) -> lowerCase.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
        this.headers = Map.copyOf(lowerCase);
    }

    /** A proxy's error page may be long: the message keeps its start, {@link #detail()} all of it. */
    private static String shortened(String detail) {
        return detail.length() <= MESSAGE_DETAIL_LIMIT ? detail : detail.substring(0, MESSAGE_DETAIL_LIMIT) + "...";
    }

    /** The HTTP status: 400, 401, 404, 413, 500, 503, 504, or whatever an {@code HttpError} chose. */
    public int status() {
        return status;
    }

    /** The server's {@code detail}, as text. */
    public String detail() {
        return detail;
    }

    /** The {@code detail} value as JSON (a string, or a structured detail), empty when the body had none. */
    public Optional<JsonNode> detailJson() {
        return Optional.ofNullable(detailJson);
    }

    /** The first value of an answer header, by name in any case (such as {@code Retry-After}). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
