package dev.litserve4j.internal.http;

import dev.litserve4j.internal.engine.ErrorMapping;
import dev.litserve4j.internal.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a streamed answer looks on the wire: its content type, its chunks, its error record. */
public interface StreamFormat {

    String contentType();

    /** The bytes of one chunk; called on the worker thread. */
    byte[] chunk(Object encoded, JsonCodec codec);

    /** The record that ends a stream cut by an error. */
    byte[] error(ErrorMapping.Mapped error, JsonCodec codec);

    /** What ends a stream normally (may be empty). */
    byte[] end();

    /**
     * NDJSON: one compact JSON document per line. A String (or byte[]) chunk is sent as it is, as
     * LitServe does, so text streams concatenate; an error ends the stream with
     * {@code {"error": {"status": ..., "detail": ...}}}.
     */
    StreamFormat NDJSON = new StreamFormat() {
        private final byte[] newline = {'\n'};

        @Override
        public String contentType() {
            return "application/x-ndjson";
        }

        @Override
        public byte[] chunk(Object encoded, JsonCodec codec) {
            if (encoded instanceof String) {
                return ((String) encoded).getBytes(StandardCharsets.UTF_8);
            }
            if (encoded instanceof byte[]) {
                return (byte[]) encoded;
            }
            byte[] json = codec.write(encoded);
            byte[] line = new byte[json.length + 1];
            System.arraycopy(json, 0, line, 0, json.length);
            line[json.length] = newline[0];
            return line;
        }

        @Override
        public byte[] error(ErrorMapping.Mapped error, JsonCodec codec) {
            Map<String, Object> inner = new LinkedHashMap<>();
            inner.put("status", error.status());
            inner.put("detail", codec.writableDetail(error.detail()));
            return chunk(Map.of("error", inner), codec);
        }

        @Override
        public byte[] end() {
            return new byte[0];
        }
    };
}
