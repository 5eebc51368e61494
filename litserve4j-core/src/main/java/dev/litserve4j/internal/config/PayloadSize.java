package dev.litserve4j.internal.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes such as {@code "10MB"}, {@code "512 KiB"} or {@code "1048576"} into bytes. */
public final class PayloadSize {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?I?B?)?");

    private PayloadSize() {
    }

    /**
     * Returns the number of bytes. Units are binary, as in most Java servers: 1KB = 1024 bytes;
     * {@code KiB}, {@code K} and {@code KB} mean the same.
     *
     * @throws IllegalArgumentException naming the value and the expected form
     */
    public static long parse(String text) {
        String trimmed = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        Matcher m = SIZE.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("maxPayloadSize must be a size like \"10MB\", \"512KB\" or a number "
                    + "of bytes, got \"" + text + "\"");
        }
        double number = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        long multiplier;
        switch (unit.isEmpty() ? ' ' : unit.charAt(0)) {
            case 'K': multiplier = 1L << 10; break;
            case 'M': multiplier = 1L << 20; break;
            case 'G': multiplier = 1L << 30; break;
            case 'T': multiplier = 1L << 40; break;
            case 'B': case ' ': multiplier = 1; break;
            default: throw new IllegalArgumentException("maxPayloadSize has an unknown unit in \"" + text + "\"");
        }
        if (unit.equals("I") || unit.endsWith("I")) {
            throw new IllegalArgumentException("maxPayloadSize has an unknown unit in \"" + text
                    + "\"; use B, KB, MB, GB or KiB, MiB, GiB");
        }
        return (long) (number * multiplier);
    }

    /** The body limit when none is chosen: 16 MiB, enough for any JSON request, too little to pin a server. */
    public static final long DEFAULT_BYTES = 16L << 20;

    /** What turns the limit off, e.g. {@code --max-payload-size none}. */
    public static final String NONE = "none";

    /**
     * The limit in bytes of {@code maxPayloadSize} as given (a size string or a number of bytes):
     * {@link #DEFAULT_BYTES} when none was given, -1 for {@code "none"}.
     */
    public static long bytes(Object asGiven) {
        if (asGiven == null) {
            return DEFAULT_BYTES;
        }
        if (asGiven instanceof String && ((String) asGiven).trim().equalsIgnoreCase(NONE)) {
            return -1;
        }
        long bytes = asGiven instanceof String ? parse((String) asGiven) : ((Number) asGiven).longValue();
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxPayloadSize must be positive, got " + asGiven
                    + "; use \"none\" for no limit");
        }
        return bytes;
    }

    /** The limit as {@code /info} shows it: as given, the default's bytes, or null for none. */
    public static Object shown(Object asGiven) {
        if (asGiven == null) {
            return DEFAULT_BYTES;
        }
        return bytes(asGiven) < 0 ? null : asGiven;
    }
}
