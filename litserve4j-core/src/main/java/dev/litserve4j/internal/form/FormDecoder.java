package dev.litserve4j.internal.form;

import dev.litserve4j.Form;
import dev.litserve4j.HttpError;
import dev.litserve4j.UploadedFile;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decodes a form body with Netty's {@link HttpPostRequestDecoder}, on the worker thread (it may write
 * to disk), from its bytes in memory and, for a large body, the spool file of the rest, in slices: a
 * file up to {@link #MEMORY_THRESHOLD} is copied into memory, a larger one is moved to a temporary
 * file of the request's, deleted when the request ends. The body was read whole within the payload
 * limit already, so no part can be larger than that.
 */
public final class FormDecoder {

    /** Files up to this size are held in memory; larger ones in a temporary file. */
    public static final long MEMORY_THRESHOLD = 256 * 1024;
    private static final int MAX_FIELDS = 10_000;

    private FormDecoder() {
    }

    /** {@link #decode(byte[], Path, String, Consumer)} of a body all in memory. */
    public static Form decode(byte[] body, String contentType, Consumer<Runnable> atEnd) {
        return decode(body, null, contentType, atEnd);
    }

    /**
     * @param head the body, or its first bytes when the rest is in {@code rest}
     * @param rest the spool file of the body's bytes after {@code head}, or null; the caller deletes it
     * @param atEnd takes what deletes the request's temporary files: runs it when the request ends, or
     *     at once when it has ended already
     * @throws HttpError 400 saying what is wrong with the body
     */
    public static Form decode(byte[] head, Path rest, String contentType, Consumer<Runnable> atEnd) {
        BodySlices body = new BodySlices(head, rest);
        if (BodyKind.mediaType(contentType).equals(BodyKind.MULTIPART)) {
            checkDelimiters(body, BodyKind.boundary(contentType));
        }
        DefaultHttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        DefaultHttpDataFactory factory = new DefaultHttpDataFactory(MEMORY_THRESHOLD, StandardCharsets.UTF_8);
        factory.setDeleteOnExit(false); // File.deleteOnExit keeps every name until the JVM exits: we delete
        HttpPostRequestDecoder decoder;
        try {
            decoder = new HttpPostRequestDecoder(factory, request, StandardCharsets.UTF_8, MAX_FIELDS, -1);
        } catch (RuntimeException e) {
            throw refusal(e);
        }
        List<Path> owned = new ArrayList<>();
        try {
            // Fed in slices, as it came: what has been parsed is dropped, large parts go to disk as they grow.
            decoder.setDiscardThreshold(BodySlices.SLICE);
            try {
                body.read((bytes, length) -> decoder.offer(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes, 0, length))));
                decoder.offer(LastHttpContent.EMPTY_LAST_CONTENT);
            } catch (RuntimeException e) { // ErrorDataDecoderException and its kind
                throw refusal(e);
            }
            Map<String, List<String>> fields = new LinkedHashMap<>();
            Map<String, List<UploadedFile>> files = new LinkedHashMap<>();
            for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                if (data instanceof FileUpload) {
                    files.computeIfAbsent(data.getName(), n -> new ArrayList<>()).add(store((FileUpload) data, owned));
                } else if (data instanceof Attribute) {
                    fields.computeIfAbsent(data.getName(), n -> new ArrayList<>()).add(((Attribute) data).getValue());
                }
            }
            Form form = new Form(fields, files);
            atEnd.accept(() -> owned.forEach(FormDecoder::delete));
            return form;
        } catch (IOException | RuntimeException e) {
            owned.forEach(FormDecoder::delete);
            throw e instanceof HttpError ? (HttpError) e : new HttpError(400, "Malformed form body: " + message(e));
        } finally {
            decoder.destroy(); // frees its buffers and deletes the temporary files it still owns
        }
    }

    private static HttpError refusal(RuntimeException e) {
        if (e instanceof HttpPostRequestDecoder.TooManyFormFieldsException) {
            return new HttpError(400, "The form has more than " + MAX_FIELDS + " fields");
        }
        return new HttpError(400, "Malformed form body: " + message(e));
    }

    private static UploadedFile store(FileUpload upload, List<Path> owned) throws IOException {
        String type = upload.getContentType() == null ? "application/octet-stream" : upload.getContentType();
        if (upload.isInMemory()) {
            return StoredFile.inMemory(upload.getName(), upload.getFilename(), type, upload.get());
        }
        Path path = Files.createTempFile("litserve4j-upload-", ".tmp"); // owner-only permissions
        owned.add(path);
        if (!upload.renameTo(path.toFile())) { // a moved file is no longer deleted by destroy()
            throw new IOException("cannot move the upload to " + path);
        }
        return StoredFile.onDisk(upload.getName(), upload.getFilename(), type, upload.length(), path);
    }

    /** A wrong boundary and a cut-off body, said plainly rather than as whatever the parser stumbles on. */
    private static void checkDelimiters(BodySlices body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] closing = ("--" + boundary + "--").getBytes(StandardCharsets.ISO_8859_1);
        boolean[] found;
        try {
            found = body.contains(delimiter, closing);
        } catch (IOException e) {
            throw new HttpError(500, "The server could not read the request body back; retry later");
        }
        if (!found[0]) {
            throw new HttpError(400, "The multipart body has no part that starts with the boundary of its"
                    + " Content-Type ('--" + boundary + "'): the boundary is wrong, or the body is not multipart");
        }
        if (!found[1]) {
            throw new HttpError(400, "The multipart body ends before its closing delimiter '--" + boundary
                    + "--': it is truncated");
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(FormDecoder.class).warn("cannot delete the upload {}: {}", path, e.toString());
        }
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
