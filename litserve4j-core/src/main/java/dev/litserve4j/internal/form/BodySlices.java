package dev.litserve4j.internal.form;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A request body that is its bytes in memory followed, when it was large, by the rest of it in a spool
 * file; read in slices of {@link #SLICE} bytes, so that no more of it than that is in memory at once.
 */
final class BodySlices {

    static final int SLICE = 64 * 1024;

    /** Receives the slices in order; {@code bytes} is reused after the call. */
    interface Sink {
        void accept(byte[] bytes, int length) throws IOException;
    }

    private final byte[] head;
    private final Path rest;

    /** @param rest the spool file of the bytes after {@code head}, or null when there are none */
    BodySlices(byte[] head, Path rest) {
        this.head = head;
        this.rest = rest;
    }

    void read(Sink sink) throws IOException {
        byte[] slice = new byte[SLICE];
        for (int at = 0; at < head.length; at += SLICE) {
            int length = Math.min(SLICE, head.length - at);
            System.arraycopy(head, at, slice, 0, length);
            sink.accept(slice, length);
        }
        if (rest == null) {
            return;
        }
        try (FileChannel file = FileChannel.open(rest, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.wrap(slice);
            while (file.read(buffer) >= 0) {
                if (buffer.position() == SLICE) {
                    sink.accept(slice, SLICE);
                    buffer.clear();
                }
            }
            if (buffer.position() > 0) {
                sink.accept(slice, buffer.position());
            }
        }
    }

    /** Which of {@code needles} occur in the body, across the slices' seams as well; one pass. */
    boolean[] contains(byte[]... needles) throws IOException {
        boolean[] found = new boolean[needles.length];
        int overlap = 0;
        for (byte[] needle : needles) {
            overlap = Math.max(overlap, needle.length - 1);
        }
        int keep = overlap;
        byte[][] carry = {new byte[0]}; // the end of the previous slice, where a match may begin
        read((bytes, length) -> {
            byte[] joined = Arrays.copyOf(carry[0], carry[0].length + length);
            System.arraycopy(bytes, 0, joined, carry[0].length, length);
            ByteBuf haystack = Unpooled.wrappedBuffer(joined);
            for (int i = 0; i < needles.length; i++) {
                found[i] |= ByteBufUtil.indexOf(Unpooled.wrappedBuffer(needles[i]), haystack) >= 0;
            }
            int kept = Math.min(joined.length, keep);
            carry[0] = Arrays.copyOfRange(joined, joined.length - kept, joined.length);
        });
        return found;
    }
}
