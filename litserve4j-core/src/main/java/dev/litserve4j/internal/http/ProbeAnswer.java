package dev.litserve4j.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a probe says: 200 with its status, or 503 with its status and why, so that an operator
 * reading {@code kubectl describe} sees the reason and not only the code.
 *
 * @param reason null when the probe passes
 */
public record ProbeAnswer(boolean passing, String status, String reason) {

    public static ProbeAnswer pass(String status) {
        return new ProbeAnswer(true, status, null);
    }

    public static ProbeAnswer fail(String status, String reason) {
        return new ProbeAnswer(false, status, reason);
    }

    Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", status);
        if (reason != null) {
            doc.put("reason", reason);
        }
        return doc;
    }
}
