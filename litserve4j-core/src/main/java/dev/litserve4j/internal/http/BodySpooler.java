package dev.litserve4j.internal.http;

import dev.litserve4j.HttpError;
import dev.litserve4j.internal.form.BodyKind;
import dev.litserve4j.internal.form.FormDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.IdentityHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a form body out of memory: of a request whose route reads a form, the first
 * {@link FormDecoder#MEMORY_THRESHOLD} bytes go on to the aggregator, every later one to an owner-only
 * temporary file as it arrives (a page-cache write, on the event loop). The aggregated request then
 * holds only the head of its body; its route takes the file with {@link #take}. Every byte counts
 * against the payload limit: a body that grows past it is refused as the aggregator would refuse it.
 * A file no route took is deleted when the connection ends. Event-loop confined.
 */
final class BodySpooler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(BodySpooler.class);

    private final long limit;
    private HttpRequest head;     // the request whose body is being read, when it is a form's
    private long seen;            // bytes of that body so far
    private Path path;            // its spool file, once it has one
    private FileChannel file;
    private boolean closing;      // its body was refused: the connection closes, drop the rest
    // Spooled bodies whose request is aggregated, until their route takes them; keyed by the request's
    // headers, which its aggregated form shares.
    private final Map<HttpHeaders, Path> done = new IdentityHashMap<>();

    /** @param limit the payload limit in bytes */
    BodySpooler(long limit) {
        this.limit = limit;
    }

    /** The spool file of the request with these headers, once (event loop); null when it has none. */
    static Path take(HttpExchange exchange) {
        BodySpooler spooler = exchange.channel().pipeline().get(BodySpooler.class);
        return spooler == null || spooler.done.isEmpty() ? null : spooler.done.remove(exchange.headers());
    }

    /** Whether a spooler of {@code pipeline} spools the bodies of {@code route} past the memory threshold. */
    static boolean spools(io.netty.channel.ChannelPipeline pipeline, Route route) {
        BodySpooler spooler = pipeline.get(BodySpooler.class);
        return spooler != null && spooler.spools(route);
    }

    private boolean spools(Route route) {
        return route.body() == BodyKind.FORM && limit > FormDecoder.MEMORY_THRESHOLD;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
            abort(); // a request decided upstream (GatedRequest) ends the body being read, if any
            if (closing) {
                ReferenceCountUtil.release(msg);
                return;
            }
            RequestGate gate = ctx.pipeline().get(RequestGate.class);
            Route route = gate == null ? null : gate.readingRoute();
            if (!(msg instanceof LastHttpContent) && route != null && spools(route)) {
                head = (HttpRequest) msg;
                seen = 0;
            }
            ctx.fireChannelRead(msg);
            return;
        }
        if (!(msg instanceof HttpContent)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (head == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        HttpContent content = (HttpContent) msg;
        ByteBuf bytes = content.content();
        int size = bytes.readableBytes();
        if (seen + size > limit) {
            ReferenceCountUtil.release(msg);
            refuse(ctx, null);
            return;
        }
        long room = Math.max(0, FormDecoder.MEMORY_THRESHOLD - seen);
        seen += size;
        boolean last = msg instanceof LastHttpContent;
        try {
            if (size > room) {
                ensureFile();
                write(bytes, bytes.readerIndex() + (int) room, size - (int) room);
                bytes.writerIndex(bytes.readerIndex() + (int) room); // what stays goes on in memory
            }
            if (last) {
                if (file != null) {
                    file.close();
                    file = null;
                    done.put(head.headers(), path);
                    path = null;
                }
                head = null;
            }
        } catch (IOException e) {
            ReferenceCountUtil.release(msg);
            log.warn("cannot spool a form body to {}: {}", path, e.toString());
            refuse(ctx, new HttpError(500, "The server could not store the request body; retry later"));
            return;
        }
        if (last && bytes.readableBytes() == 0) {
            LastHttpContent end = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
            end.trailingHeaders().set(((LastHttpContent) msg).trailingHeaders());
            ReferenceCountUtil.release(msg);
            ctx.fireChannelRead(end);
        } else if (bytes.readableBytes() == 0) {
            ReferenceCountUtil.release(msg); // all of it went to the file
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void ensureFile() throws IOException {
        if (file == null) {
            path = Files.createTempFile("litserve4j-body-", ".tmp"); // owner-only permissions
            file = FileChannel.open(path, StandardOpenOption.WRITE);
        }
    }

    private void write(ByteBuf bytes, int from, int length) throws IOException {
        int written = 0;
        while (written < length) {
            written += bytes.getBytes(from + written, file, length - written); // at the file's position, moving it
        }
    }

    /**
     * Refuses the body being read, with {@code error} or, when null (it grew past the limit), the same
     * 413 as the aggregator's; the connection closes after the answer.
     */
    private void refuse(ChannelHandlerContext ctx, HttpError error) {
        HttpRequest refused = head;
        abort();
        closing = true;
        PayloadLimitAggregator aggregator = ctx.pipeline().get(PayloadLimitAggregator.class);
        if (aggregator != null) {
            ctx.pipeline().remove(aggregator); // drops what it gathered of this body
        }
        RequestGate gate = ctx.pipeline().get(RequestGate.class);
        HttpError tooLarge = gate == null ? RequestGate.tooLarge() : gate.bodyRefused();
        ctx.fireChannelRead(GatedRequest.rejected(refused, error == null ? tooLarge : error, true));
    }

    /** Drops the body being spooled, if any. */
    private void abort() {
        head = null;
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                log.debug("cannot close {}: {}", path, e.toString());
            }
            file = null;
        }
        if (path != null) {
            delete(path);
            path = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        abort();
        done.values().forEach(BodySpooler::delete);
        done.clear();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        handlerRemoved(ctx);
        super.channelInactive(ctx);
    }

    static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("cannot delete the spooled body {}: {}", path, e.toString());
        }
    }
}
