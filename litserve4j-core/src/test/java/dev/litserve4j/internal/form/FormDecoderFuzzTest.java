package dev.litserve4j.internal.form;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.litserve4j.Form;
import dev.litserve4j.HttpError;
import dev.litserve4j.UploadedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the form decoder with any body under the boundary {@code b}: it answers with a form or a 400
 * that says something, never another exception, and once the request ends no file it made is left.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs the seeds under {@code FormDecoderFuzzTestInputs} (every
 * build); with {@code JAZZER_FUZZ=1} it fuzzes for its {@code maxDuration}.
 */
class FormDecoderFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void multipartBodies(byte[] body) throws Exception {
        decode(body, "multipart/form-data; boundary=b");
    }

    @FuzzTest(maxDuration = "20s")
    void urlencodedBodies(byte[] body) throws Exception {
        decode(body, "application/x-www-form-urlencoded");
    }

    private static void decode(byte[] body, String contentType) throws Exception {
        List<Runnable> atEnd = new ArrayList<>();
        Form form;
        try {
            form = FormDecoder.decode(body, contentType, atEnd::add);
        } catch (HttpError e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(String.valueOf(e.detail())).isNotBlank();
            assertThat(atEnd).as("nothing kept for a refused body").isEmpty();
            return;
        }
        List<Path> kept = new ArrayList<>();
        for (List<UploadedFile> files : form.files().values()) {
            for (UploadedFile file : files) {
                assertThat(file.bytes()).hasSize((int) file.size());
                file.path().ifPresent(kept::add);
            }
        }
        atEnd.forEach(Runnable::run);
        for (Path path : kept) {
            assertThat(Files.exists(path)).as("deleted at the end: %s", path).isFalse();
        }
    }
}
