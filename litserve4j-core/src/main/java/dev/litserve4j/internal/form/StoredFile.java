package dev.litserve4j.internal.form;

import dev.litserve4j.UploadedFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An uploaded file as a request's hooks see it: a copy of its bytes, or a temporary file the request
 * owns. Never a buffer of the decoder's, which is freed when the request ends while a predict that
 * outlived its deadline may still be reading.
 */
final class StoredFile implements UploadedFile {

    private final String name;
    private final String filename;
    private final String contentType;
    private final long size;
    private final byte[] bytes; // null when on disk
    private final Path path;    // null when in memory

    private StoredFile(String name, String filename, String contentType, long size, byte[] bytes, Path path) {
        this.name = name;
        this.filename = filename;
        this.contentType = contentType;
        this.size = size;
        this.bytes = bytes;
        this.path = path;
    }

    static StoredFile inMemory(String name, String filename, String contentType, byte[] bytes) {
        return new StoredFile(name, filename, contentType, bytes.length, bytes, null);
    }

    static StoredFile onDisk(String name, String filename, String contentType, long size, Path path) {
        return new StoredFile(name, filename, contentType, size, null, path);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String filename() {
        return filename;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public byte[] bytes() throws IOException {
        return bytes != null ? bytes.clone() : Files.readAllBytes(path);
    }

    @Override
    public InputStream inputStream() throws IOException {
        return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(path);
    }

    @Override
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    @Override
    public String toString() {
        return "UploadedFile{" + name + ", " + filename + ", " + contentType + ", " + size + " bytes"
                + (path == null ? "" : ", in " + path) + "}";
    }
}
