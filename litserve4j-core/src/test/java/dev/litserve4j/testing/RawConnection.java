package dev.litserve4j.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plain TCP connection to a server on 127.0.0.1 that speaks HTTP/1.1 by hand, the way a broken or
 * hostile client does: it writes exactly the bytes it is given and reads answers byte by byte. Every
 * read is bounded by the socket's read timeout, so a server that never answers fails the test
 * instead of hanging it.
 */
public final class RawConnection implements AutoCloseable {

    /** The read timeout unless a test sets another: long enough for a loaded machine, short enough to fail. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    /** What a response head may hold before this client gives up: a server's answers are small. */
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:{@code port} with {@link #DEFAULT_READ_TIMEOUT}. */
    public static RawConnection open(int port) {
        return open(port, DEFAULT_READ_TIMEOUT);
    }

    public static RawConnection open(int port, Duration readTimeout) {
        try {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
            socket.setTcpNoDelay(true);
            return new RawConnection(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bounds every later read by {@code timeout}. */
    public RawConnection readTimeout(Duration timeout) {
        try {
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes {@code text} as ISO-8859-1, one byte per char, so a test can write any byte it names. */
    public RawConnection send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawConnection send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Reads one response: its head and a body of its {@code Content-Length} (none for 1xx, 204 and
     * 304). A chunked body is read to its last chunk and returned decoded.
     *
     * @throws UncheckedIOException on a read timeout or an end of stream before the response is complete
     */
    public RawResponse read() {
        try {
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP status line: '" + statusLine + "'");
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String line = line(); !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("not a header line: '" + line + "'");
                }
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
            RawResponse head = new RawResponse(status, statusLine, headers, new byte[0]);
            byte[] body;
            if (status < 200 || status == 204 || status == 304) {
                body = new byte[0];
            } else if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
                body = chunkedBody();
            } else if (head.header("Content-Length") != null) {
                int length = Integer.parseInt(head.header("Content-Length"));
                body = in.readNBytes(length);
                if (body.length < length) {
                    throw new EOFException("body ended after " + body.length + " of " + length + " bytes");
                }
            } else {
                body = in.readAllBytes(); // delimited by the close
            }
            return new RawResponse(status, statusLine, headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a response: " + e, e);
        }
    }

    /**
     * Waits, within the read timeout, for the server to end the stream, and returns what it sent
     * before that (nothing, for a connection closed without another word).
     *
     * @throws UncheckedIOException when the server neither closes nor resets within the read timeout
     */
    public byte[] readUntilClosed() {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                rest.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new UncheckedIOException("the server did not close the connection within the read timeout; "
                    + "it had sent " + rest.size() + " more bytes", e);
        } catch (IOException e) {
            // A reset after the answer: the server is gone from this connection, which is what was awaited.
        }
        return rest.toByteArray();
    }

    /** True when the server has closed its side: a read returns end of stream or the connection was reset. */
    public boolean isClosedByServer() {
        return readUntilClosed().length == 0;
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("chunk ended after " + chunk.length + " of " + size + " bytes");
            }
            body.write(chunk);
            line();
        }
        for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
            // trailers are not used by these tests
        }
        return body.toByteArray();
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed in the middle of a response head"
                        + (line.size() > 0 ? " after '" + line.toString(StandardCharsets.ISO_8859_1) + "'" : ""));
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            if (line.size() > MAX_HEAD_BYTES) {
                throw new IOException("response head line over " + MAX_HEAD_BYTES + " bytes");
            }
            line.write(b);
            previous = b;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket the server already closed
        }
    }

    /** One response as read from the wire; header names are lower-cased. */
    public record RawResponse(int status, String statusLine, Map<String, List<String>> headers, byte[] body) {

        /** The first value of header {@code name}, or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return statusLine + " " + headers + " " + bodyText();
        }
    }
}
