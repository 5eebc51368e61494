package dev.litserve4j.internal.form;

import dev.litserve4j.HttpError;
import java.util.Locale;

/**
 * What an API's request body is, from its input type: JSON (the default), a {@link dev.litserve4j.Form}
 * or raw bytes. Each kind says from the request's head which {@code Content-Type}s it refuses, so a
 * body of the wrong kind is answered before it is read.
 */
public enum BodyKind {

    /** Bound to the input type by Jackson. Any Content-Type that could carry JSON is read as JSON. */
    JSON("JSON: send Content-Type application/json"),
    /** A {@link dev.litserve4j.Form}: multipart/form-data or application/x-www-form-urlencoded. */
    FORM("a form: send Content-Type multipart/form-data or application/x-www-form-urlencoded"),
    /** A {@code byte[]}: the body as it is. */
    BYTES("the raw bytes of a file: send Content-Type application/octet-stream, image/* or audio/*");

    public static final String MULTIPART = "multipart/form-data";
    public static final String URLENCODED = "application/x-www-form-urlencoded";

    private final String expects;

    BodyKind(String expects) {
        this.expects = expects;
    }

    /**
     * The answer to a request whose head says {@code contentType} (null when it has none), or null when
     * this kind reads it: 415 naming the types it takes, or 400 for a multipart type without a boundary.
     */
    public HttpError refusal(String contentType) {
        String media = mediaType(contentType);
        switch (this) {
            case FORM:
                if (media.equals(MULTIPART)) {
                    return boundary(contentType) == null ? new HttpError(400, "multipart/form-data needs a boundary:"
                            + " send Content-Type: multipart/form-data; boundary=<the delimiter of the parts>") : null;
                }
                return media.equals(URLENCODED) ? null : unsupported(contentType);
            case BYTES:
                return media.isEmpty() || isBinary(media) ? null : unsupported(contentType);
            default:
                // curl -d and many clients label JSON as a form or as text: only a body that cannot be JSON is refused.
                return media.startsWith("multipart/") || isBinary(media) ? unsupported(contentType) : null;
        }
    }

    private HttpError unsupported(String contentType) {
        return new HttpError(415, "This API takes " + expects + " (got "
                + (contentType == null ? "no Content-Type" : "'" + contentType + "'") + ")");
    }

    private static boolean isBinary(String media) {
        return media.equals("application/octet-stream") || media.startsWith("image/") || media.startsWith("audio/");
    }

    /** {@code multipart/form-data} of {@code Multipart/Form-Data; boundary=x}; empty for null. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** The boundary parameter of a Content-Type, unquoted; null when it has none or an empty one. */
    static String boundary(String contentType) {
        for (String parameter : contentType.split(";")) {
            int eq = parameter.indexOf('=');
            if (eq > 0 && parameter.substring(0, eq).trim().equalsIgnoreCase("boundary")) {
                String value = parameter.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }
}
