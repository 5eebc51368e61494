package dev.litserve4j.internal.openapi;

import java.util.Locale;

/** Reads an {@code Accept-Encoding} header, as far as gzip is concerned. */
final class AcceptEncoding {

    private AcceptEncoding() {
    }

    /** True when the header accepts {@code gzip}, by name or by {@code *}, with a weight above 0. */
    static boolean allowsGzip(String header) {
        if (header == null) {
            return false;
        }
        Boolean byName = null;
        boolean byStar = false;
        for (String coding : header.split(",")) {
            String[] parts = coding.split(";");
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            if (name.equals("gzip")) {
                byName = !refused(parts);
            } else if (name.equals("*")) {
                byStar = !refused(parts);
            }
        }
        return byName != null ? byName : byStar; // a gzip;q=0 beats a *
    }

    private static boolean refused(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2)) <= 0;
                } catch (NumberFormatException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
