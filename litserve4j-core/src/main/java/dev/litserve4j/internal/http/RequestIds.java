package dev.litserve4j.internal.http;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Each request's id: the client's {@code X-Request-Id} when it is usable (one header, 1 to 128
 * printable ASCII characters), else a new one of 32 hex digits (the size of a W3C trace id). The id
 * replaces the request's header, so everything that reads the request (the {@code RequestContext},
 * middlewares, specs) sees the same one, and goes back on every answer.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    static final int MAX_LENGTH = 128;

    private RequestIds() {
    }

    /** The id of the request with these headers, written into them. */
    static String assign(HttpHeaders headers) {
        List<String> given = headers.getAll(HEADER);
        if (given.size() == 1 && usable(given.get(0))) {
            return given.get(0);
        }
        String id = generate();
        headers.set(HEADER, id);
        return id;
    }

    static boolean usable(String id) {
        if (id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String high = Long.toHexString(random.nextLong());
        String low = Long.toHexString(random.nextLong());
        return "0".repeat(16 - high.length()) + high + "0".repeat(16 - low.length()) + low;
    }
}
