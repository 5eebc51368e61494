package dev.litserve4j.internal.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Locale;

/** The path a request line's target names, decoded; the one place a target is parsed. */
final class RequestTarget {

    private static final int MAX_SHOWN = 80;

    private RequestTarget() {
    }

    /**
     * The decoded path of an origin-form ({@code /predict?x=1}) or absolute-form
     * ({@code http://host/predict}) target.
     *
     * @throws IllegalArgumentException saying what is wrong with the target, quoting it (shortened)
     */
    static String path(String uri) {
        String target = uri;
        String lower = uri.length() > 8 ? uri.substring(0, 8).toLowerCase(Locale.ROOT) : uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            int authority = uri.indexOf("//") + 2;
            int slash = uri.indexOf('/', authority);
            target = slash < 0 ? "/" : uri.substring(slash);
        }
        if (target.isEmpty() || target.charAt(0) != '/') {
            throw new IllegalArgumentException("Malformed request target " + shown(uri)
                    + ": it must be a path that starts with '/'");
        }
        try {
            return new QueryStringDecoder(target).path();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Malformed request target " + shown(uri) + ": " + e.getMessage()
                    + " (percent escapes are '%' and two hex digits)");
        }
    }

    /** The decoded path, or the raw target when it does not parse (for an answer that is an error anyway). */
    static String pathOrRaw(String uri) {
        try {
            return path(uri);
        } catch (IllegalArgumentException e) {
            return uri;
        }
    }

    private static String shown(String uri) {
        String s = uri.length() > MAX_SHOWN ? uri.substring(0, MAX_SHOWN) + "..." : uri;
        StringBuilder printable = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            printable.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return printable.append('\'').toString();
    }
}
