package dev.litserve4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoded HTML form: a {@code multipart/form-data} or {@code application/x-www-form-urlencoded}
 * request body. An API whose input type is {@code Form} is sent these bodies (and refuses others with
 * 415); the server decodes them on the worker thread, within the payload limit, keeping a large file
 * in a temporary file that is deleted when the request ends.
 *
 * <pre>{@code
 * public final class CaptionApi implements LitApi<Form, Map<String, Object>> {
 *     public Map<String, Object> predict(Form form) throws IOException {
 *         UploadedFile image = form.file("image");       // curl -F image=@cat.png -F lang=en ...
 *         String lang = form.field("lang");
 *         return Map.of("caption", model.caption(image.bytes(), lang));
 *     }
 * }
 * }</pre>
 *
 * <p>A field or file sent more than once keeps every value, in order. The constructor is public so
 * that a test can hand an API a form of its own.
 */
public final class Form {

    private final Map<String, List<String>> fields;
    private final Map<String, List<UploadedFile>> files;

    /** @param fields each field's values, in order; @param files each file field's files, in order */
    public Form(Map<String, List<String>> fields, Map<String, List<UploadedFile>> files) {
        this.fields = copy(fields);
        this.files = copy(files);
    }

    /** The first value of a field, or null when the form has none. */
    public String field(String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every value of a field, in order; empty when the form has none. */
    public List<String> fields(String name) {
        return fields.getOrDefault(name, List.of());
    }

    /** The first file sent as {@code name}, or null when the form has none. */
    public UploadedFile file(String name) {
        List<UploadedFile> sent = files.get(name);
        return sent == null || sent.isEmpty() ? null : sent.get(0);
    }

    /** Every file sent as {@code name}, in order; empty when the form has none. */
    public List<UploadedFile> files(String name) {
        return files.getOrDefault(name, List.of());
    }

    /** All fields: name to values, in the order they came. */
    public Map<String, List<String>> fields() {
        return fields;
    }

    /** All files: field name to files, in the order they came. */
    public Map<String, List<UploadedFile>> files() {
        return files;
    }

    @Override
    public String toString() {
        return "Form{fields=" + fields.keySet() + ", files=" + files.keySet() + "}";
    }

    private static <T> Map<String, List<T>> copy(Map<String, List<T>> map) {
        Map<String, List<T>> copy = new LinkedHashMap<>();
        map.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        return java.util.Collections.unmodifiableMap(copy);
    }
}
