package dev.litserve4j.internal.form;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A body in memory and a spool file reads back whole, and a delimiter is found across every seam. */
class BodySlicesTest {

    @TempDir
    Path dir;

    private static byte[] filled(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }

    private static byte[] readAll(BodySlices body) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        body.read((bytes, length) -> all.write(bytes, 0, length));
        return all.toByteArray();
    }

    @Test
    void readsTheHeadThenTheFileInOrder() throws Exception {
        byte[] head = filled(BodySlices.SLICE + 10);
        head[0] = 'a';
        byte[] rest = filled(3 * BodySlices.SLICE + 7);
        rest[rest.length - 1] = 'z';
        Path file = Files.write(dir.resolve("rest"), rest);

        byte[] read = readAll(new BodySlices(head, file));

        assertThat(read).hasSize(head.length + rest.length);
        assertThat(read[0]).isEqualTo((byte) 'a');
        assertThat(read[read.length - 1]).isEqualTo((byte) 'z');
    }

    @Test
    void findsANeedleAcrossTheSeamOfMemoryAndFileAndOfTwoSlicesOfTheFile() throws Exception {
        byte[] needle = "--boundary--".getBytes(StandardCharsets.ISO_8859_1);
        byte[] other = "--elsewhere".getBytes(StandardCharsets.ISO_8859_1);
        byte[] head = filled(100);
        System.arraycopy(needle, 0, head, head.length - 5, 5); // "--bou" | "ndary--"
        byte[] rest = filled(2 * BodySlices.SLICE);
        System.arraycopy(needle, 5, rest, 0, needle.length - 5);
        System.arraycopy(other, 0, rest, BodySlices.SLICE - 3, other.length); // across the file's two slices
        Path file = Files.write(dir.resolve("rest"), rest);

        boolean[] found = new BodySlices(head, file).contains(needle, other, "--absent".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(found).containsExactly(true, true, false);
    }
}
