package dev.litserve4j.testing;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/** A multipart/form-data body built by hand, byte for byte, as a browser or curl -F sends it. */
public final class Multipart {

    private final String boundary;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    public Multipart(String boundary) {
        this.boundary = boundary;
    }

    public Multipart() {
        this("----litserve4j-test-" + Long.toHexString(System.nanoTime()));
    }

    public String boundary() {
        return boundary;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    public Multipart field(String name, String value) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
        body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        write("\r\n");
        return this;
    }

    public Multipart file(String name, String filename, String type, byte[] content) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + type + "\r\n\r\n");
        body.writeBytes(content);
        write("\r\n");
        return this;
    }

    /** The body with its closing delimiter. */
    public byte[] bytes() {
        ByteArrayOutputStream done = new ByteArrayOutputStream();
        done.writeBytes(body.toByteArray());
        done.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return done.toByteArray();
    }

    /** The body so far, cut off before its closing delimiter. */
    public byte[] truncated() {
        return body.toByteArray();
    }

    /** A POST of the complete body to {@code path}. */
    public HttpRequest post(Http http, String path) {
        return http.request(path).header("Content-Type", contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes())).build();
    }

    private void write(String text) {
        body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
