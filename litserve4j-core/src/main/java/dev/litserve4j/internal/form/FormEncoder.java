package dev.litserve4j.internal.form;

import dev.litserve4j.Form;
import dev.litserve4j.UploadedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Writes a {@link Form} as {@code multipart/form-data}, as a browser would: for the server's own warm-up requests. */
public final class FormEncoder {

    /** A boundary no sample is likely to contain. */
    public static final String BOUNDARY = "litserve4j-warmup-7d1f0c2a9b";

    private FormEncoder() {
    }

    /** {@code multipart/form-data; boundary=...} for {@link #encode}'s body. */
    public static String contentType() {
        return BodyKind.MULTIPART + "; boundary=" + BOUNDARY;
    }

    /** @throws UncheckedIOException when a file of the form cannot be read */
    public static byte[] encode(Form form) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, List<String>> field : form.fields().entrySet()) {
            for (String value : field.getValue()) {
                write(out, "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + quoted(field.getKey())
                        + "\"\r\n\r\n" + value + "\r\n");
            }
        }
        for (Map.Entry<String, List<UploadedFile>> files : form.files().entrySet()) {
            for (UploadedFile file : files.getValue()) {
                write(out, "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + quoted(files.getKey())
                        + "\"; filename=\"" + quoted(file.filename()) + "\"\r\nContent-Type: " + file.contentType()
                        + "\r\n\r\n");
                try {
                    out.writeBytes(file.bytes());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the sample file " + file.filename(), e);
                }
                write(out, "\r\n");
            }
        }
        write(out, "--" + BOUNDARY + "--\r\n");
        return out.toByteArray();
    }

    private static String quoted(String text) {
        return text == null ? "" : text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "").replace("\n", "");
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
