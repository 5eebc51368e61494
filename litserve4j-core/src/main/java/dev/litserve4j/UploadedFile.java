package dev.litserve4j;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * One file of a {@link Form}. A small file is held in memory; a large one in a temporary file
 * ({@link #path()}), which the server deletes when the request ends: answered, failed, timed out or
 * its client gone. Read it during the request, never after.
 */
public interface UploadedFile {

    /** The form field it was sent as. */
    String name();

    /** The file name the client gave, as sent (never use it as a path on the server). */
    String filename();

    /** The part's {@code Content-Type}, {@code application/octet-stream} when the client gave none. */
    String contentType();

    /** Its size in bytes. */
    long size();

    /** Its content (read from the temporary file when it is in one). */
    byte[] bytes() throws IOException;

    /** Its content as a stream; the caller closes it. */
    InputStream inputStream() throws IOException;

    /** The temporary file that holds it, or empty when it is held in memory. */
    Optional<java.nio.file.Path> path();

    /** A file held in memory: for tests that hand an API a {@link Form} of their own. */
    static UploadedFile of(String name, String filename, String contentType, byte[] content) {
        byte[] copy = content.clone();
        return new UploadedFile() {
            public String name() {
                return name;
            }

            public String filename() {
                return filename;
            }

            public String contentType() {
                return contentType;
            }

            public long size() {
                return copy.length;
            }

            public byte[] bytes() {
                return copy.clone();
            }

            public InputStream inputStream() {
                return new ByteArrayInputStream(copy);
            }

            public Optional<java.nio.file.Path> path() {
                return Optional.empty();
            }

            @Override
            public String toString() {
                return "UploadedFile{" + name + ", " + filename + ", " + contentType + ", " + copy.length + " bytes}";
            }
        };
    }
}
