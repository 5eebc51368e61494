package dev.litserve4j.internal.warmup;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response off a warm-up connection: the status, whether the server will close,
 * and the body (fixed length or chunked, as a streamed answer is), kept only up to a short excerpt
 * for the log. Our own server is the only peer, so this knows just what it sends.
 */
final class ResponseReader {

    private static final int EXCERPT = 200;
    private static final int MAX_LINE = 16 * 1024;

    /** One answer: its status, whether the connection closes after it, and the start of its body. */
    record Response(int status, boolean closes, String excerpt) {
    }

    private final InputStream in;
    private final byte[] skip = new byte[8192];
    private final StringBuilder line = new StringBuilder(128);

    ResponseReader(InputStream in) {
        this.in = in;
    }

    Response read() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.substring(9, 12)); // "HTTP/1.1 200 OK"
        long length = -1;
        boolean chunked = false;
        boolean closes = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closes = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        StringBuilder excerpt = new StringBuilder();
        if (status == 100) {
            return read();
        }
        if (chunked) {
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                body(size, status, excerpt);
                line(); // the CRLF after the chunk
            }
            for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                // trailers: none expected
            }
        } else if (length > 0) {
            body(length, status, excerpt);
        }
        return new Response(status, closes, excerpt.toString());
    }

    private long chunkSize() throws IOException {
        String size = line();
        int ext = size.indexOf(';');
        return Long.parseLong(ext < 0 ? size.trim() : size.substring(0, ext).trim(), 16);
    }

    /** Reads {@code length} body bytes, keeping an excerpt of an error answer. */
    private void body(long length, int status, StringBuilder excerpt) throws IOException {
        while (length > 0) {
            int n = in.read(skip, 0, (int) Math.min(skip.length, length));
            if (n < 0) {
                throw new EOFException("the server closed the connection in the middle of an answer");
            }
            if (status >= 300 && excerpt.length() < EXCERPT) {
                excerpt.append(new String(skip, 0, Math.min(n, EXCERPT - excerpt.length()), StandardCharsets.UTF_8));
            }
            length -= n;
        }
    }

    private String line() throws IOException {
        line.setLength(0);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed the connection");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("a response line over " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
    }
}
