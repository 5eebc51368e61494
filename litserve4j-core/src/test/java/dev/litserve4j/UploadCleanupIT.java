package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Multipart;
import dev.litserve4j.testing.RawConnection;
import dev.litserve4j.testing.Servers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The temporary file of a large upload is gone once its request ends, however it ends. */
class UploadCleanupIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Tells the test where its upload is kept, then answers, fails or waits, as the form's mode says. */
    static final class KeepingApi implements LitApi<Form, String> {
        final BlockingQueue<Path> seen = new LinkedBlockingQueue<>();
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String predict(Form form) throws Exception {
            Path path = form.file("f").path().orElseThrow();
            assertThat(Files.exists(path)).isTrue();
            seen.add(path);
            switch (form.field("mode")) {
                case "fail":
                    throw new HttpError(422, "refused on purpose");
                case "wait":
                    release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    return "late";
                default:
                    return "ok";
            }
        }
    }

    private static Multipart upload(String mode) {
        return new Multipart("cleanup").field("mode", mode)
                .file("f", "big.bin", "application/octet-stream", FormsIT.random(400 * 1024));
    }

    private static Path seen(KeepingApi api) throws InterruptedException {
        Path path = api.seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(path).as("predict saw the upload").isNotNull();
        return path;
    }

    @Test
    void itIsDeletedOnceTheRequestIsAnswered() throws Exception {
        KeepingApi api = new KeepingApi();
        try (LitServer server = Servers.start(api)) {
            Http http = new Http(server.port());
            HttpResponse<String> response = http.send(upload("answer").post(http, "/predict"));

            assertThat(response.statusCode()).isEqualTo(200);
            Path path = seen(api);
            await().atMost(WAIT).until(() -> !Files.exists(path));
        }
    }

    @Test
    void itIsDeletedOnceTheRequestFailed() throws Exception {
        KeepingApi api = new KeepingApi();
        try (LitServer server = Servers.start(api)) {
            Http http = new Http(server.port());
            HttpResponse<String> response = http.send(upload("fail").post(http, "/predict"));

            assertThat(response.statusCode()).isEqualTo(422);
            Path path = seen(api);
            await().atMost(WAIT).until(() -> !Files.exists(path));
        }
    }

    @Test
    void itIsDeletedWhenTheRequestTimesOutEvenWhilePredictStillRuns() throws Exception {
        KeepingApi api = new KeepingApi();
        try (LitServer server = Servers.local().api(api).timeout(Duration.ofMillis(500)).build().start()) {
            Http http = new Http(server.port());
            HttpResponse<String> response = http.send(upload("wait").post(http, "/predict"));

            assertThat(response.statusCode()).isEqualTo(504);
            Path path = seen(api);
            await().atMost(WAIT).until(() -> !Files.exists(path));
            assertThat(api.release.getCount()).as("predict is still waiting").isEqualTo(1);
            api.release.countDown();
        }
    }

    @Test
    void itIsDeletedWhenTheClientLeavesWhilePredictRuns() throws Exception {
        KeepingApi api = new KeepingApi();
        try (LitServer server = Servers.start(api)) {
            byte[] body = upload("wait").bytes();
            Path path;
            try (RawConnection raw = RawConnection.open(server.port())) {
                raw.send(("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=cleanup"
                        + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                raw.send(body);
                path = seen(api);
            }
            await().atMost(WAIT).until(() -> !Files.exists(path));
            api.release.countDown();
        }
    }
}
