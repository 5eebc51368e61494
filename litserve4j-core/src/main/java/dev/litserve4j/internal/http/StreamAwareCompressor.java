package dev.litserve4j.internal.http;

import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Gzip for answers of at least {@link #MIN_BYTES} when the client accepts it (LitServe's minimum),
 * never for streams: a compressor buffers, and a stream's chunks must reach the client as they come.
 */
final class StreamAwareCompressor extends HttpContentCompressor {

    static final int MIN_BYTES = 1000;

    StreamAwareCompressor() {
        super(MIN_BYTES, StandardCompressionOptions.gzip());
    }

    @Override
    protected Result beginEncode(HttpResponse response, String acceptEncoding) throws Exception {
        String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type != null && (type.startsWith(StreamFormat.NDJSON.contentType()) || type.startsWith("text/event-stream"))) {
            return null;
        }
        return super.beginEncode(response, acceptEncoding);
    }
}
