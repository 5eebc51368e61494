package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Multipart;
import dev.litserve4j.testing.RawConnection;
import dev.litserve4j.testing.Servers;
import dev.litserve4j.testing.TestCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large form body is written to a spool file as it arrives, not held in memory, and the file is gone
 * once the request is answered or its client leaves mid-body.
 */
class FormSpoolIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int MEMORY_PART = 256 * 1024; // what of the body stays in memory
    private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

    /** Answers with the size and CRC-32 of the uploaded file and the field sent after it. */
    static final class ChecksumApi implements LitApi<Form, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Form form) throws Exception {
            UploadedFile file = form.file("f");
            CRC32 crc = new CRC32();
            try (InputStream in = file.inputStream()) {
                crc.update(in.readAllBytes());
            }
            return Map.of("size", file.size(), "crc", crc.getValue(), "after", form.field("after"),
                    "onDisk", file.path().isPresent());
        }
    }

    private static Set<Path> spoolFiles() {
        Set<Path> found = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(TMP, "litserve4j-body-*.tmp")) {
            files.forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** The one spool file that appeared since {@code before}, once it holds {@code size} bytes. */
    private static Path awaitSpool(Set<Path> before, long size) {
        return awaitSpool(before, size, size);
    }

    /** The one spool file that appeared since {@code before}, once it holds from {@code min} to {@code max} bytes. */
    private static Path awaitSpool(Set<Path> before, long min, long max) {
        Path[] spool = new Path[1];
        await().atMost(WAIT).until(() -> {
            Set<Path> now = spoolFiles();
            now.removeAll(before);
            if (now.size() != 1) {
                return false;
            }
            spool[0] = now.iterator().next();
            long size = Files.exists(spool[0]) ? Files.size(spool[0]) : -1;
            return size >= min && size <= max;
        });
        return spool[0];
    }

    private static String head(Multipart form, int length) {
        return "POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + form.contentType()
                + "\r\nContent-Length: " + length + "\r\n\r\n";
    }

    @Test
    void aLargeUploadGoesToASpoolFileAsItArrivesAndIsAnsweredFromIt() throws IOException {
        byte[] content = FormsIT.random(6 * 1024 * 1024);
        Multipart form = new Multipart("spool").file("f", "big.bin", "application/octet-stream", content)
                .field("after", "the file");
        byte[] body = form.bytes();
        int held = 100 * 1024; // the end of the body, sent only once the rest is on disk
        CRC32 crc = new CRC32();
        crc.update(content);
        Set<Path> before = spoolFiles();
        try (LitServer server = Servers.start(new ChecksumApi()); RawConnection raw = RawConnection.open(server.port())) {
            raw.send(head(form, body.length).getBytes(StandardCharsets.ISO_8859_1));
            raw.send(Arrays.copyOfRange(body, 0, body.length - held));

            // Every byte sent past the first 256 KiB is in the file while the body is still being sent.
            Path spool = awaitSpool(before, body.length - held - MEMORY_PART);
            assertThat(Files.size(spool)).isGreaterThan(1024 * 1024);

            raw.send(Arrays.copyOfRange(body, body.length - held, body.length));
            RawConnection.RawResponse response = raw.read();
            assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
            assertThat(response.bodyText()).contains("\"size\":" + content.length, "\"crc\":" + crc.getValue(),
                    "\"after\":\"the file\"", "\"onDisk\":true");
            await().atMost(WAIT).until(() -> !Files.exists(spool));
        }
    }

    @TempDir
    Path dir;

    @Test
    void aLargeUploadOverHttp2IsSpooledAsItArrives() throws Exception {
        byte[] content = FormsIT.random(4 * 1024 * 1024);
        Multipart form = new Multipart("spool").file("f", "big.bin", "application/octet-stream", content)
                .field("after", "h2");
        byte[] body = form.bytes();
        int held = 100 * 1024;
        CountDownLatch rest = new CountDownLatch(1);
        Set<Path> before = spoolFiles();
        TestCertificate cert = TestCertificate.create(dir);
        try (LitServer server = Servers.local().api(new ChecksumApi()).tls(cert.certFile(), cert.keyFile()).build()
                .start()) {
            Http http = cert.http(server.port(), HttpClient.Version.HTTP_2);
            HttpRequest request = http.request("/predict").header("Content-Type", form.contentType())
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new HoldingStream(body, body.length - held, rest)), body.length)).build();
            CompletableFuture<HttpResponse<String>> answer = http.client().sendAsync(request,
                    HttpResponse.BodyHandlers.ofString());

            Path spool = awaitSpool(before, 1024 * 1024, body.length - held - MEMORY_PART);
            assertThat(answer).isNotDone();
            rest.countDown();
            HttpResponse<String> response = answer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"size\":" + content.length, "\"after\":\"h2\"");
            await().atMost(WAIT).until(() -> !Files.exists(spool));
        } finally {
            rest.countDown();
        }
    }

    /** The body, which stops at {@code pause} until {@code resume} opens (bounded). */
    private static final class HoldingStream extends InputStream {
        private final byte[] body;
        private final int pause;
        private final CountDownLatch resume;
        private int at;

        HoldingStream(byte[] body, int pause, CountDownLatch resume) {
            this.body = body;
            this.pause = pause;
            this.resume = resume;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (at == pause) {
                try {
                    resume.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (at >= body.length) {
                return -1;
            }
            int n = Math.min(length, (at < pause ? pause : body.length) - at);
            System.arraycopy(body, at, into, offset, n);
            at += n;
            return n;
        }
    }

    @Test
    void spooledBodiesDoNotCountAgainstTheBudgetOfBodiesHeldInMemory() {
        byte[] content = FormsIT.random(3 * 1024 * 1024);
        Multipart form = new Multipart("spool").file("f", "big.bin", "application/octet-stream", content)
                .field("after", "budget");
        byte[] body = form.bytes();
        int held = 100 * 1024;
        Set<Path> before = spoolFiles();
        // Two bodies of 3 MiB at once would pass a 4 MiB budget if they were held in memory.
        try (LitServer server = Servers.local().api(new ChecksumApi()).maxPayloadSize("4MB")
                .maxBufferedBodyBytes(4 * 1024 * 1024).build().start();
                RawConnection first = RawConnection.open(server.port());
                RawConnection second = RawConnection.open(server.port())) {
            first.send(head(form, body.length).getBytes(StandardCharsets.ISO_8859_1));
            first.send(Arrays.copyOfRange(body, 0, body.length - held));
            Path firstSpool = awaitSpool(before, body.length - held - MEMORY_PART);
            before.add(firstSpool);
            second.send(head(form, body.length).getBytes(StandardCharsets.ISO_8859_1));
            second.send(Arrays.copyOfRange(body, 0, body.length - held));
            awaitSpool(before, body.length - held - MEMORY_PART);

            for (RawConnection raw : List.of(first, second)) {
                raw.send(Arrays.copyOfRange(body, body.length - held, body.length));
                RawConnection.RawResponse response = raw.read();
                assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
                assertThat(response.bodyText()).contains("\"size\":" + content.length, "\"after\":\"budget\"");
            }
        }
    }

    @Test
    void theSpoolFileIsDeletedWhenTheClientLeavesMidBody() {
        Multipart form = new Multipart("spool").file("f", "big.bin", "application/octet-stream",
                FormsIT.random(4 * 1024 * 1024));
        byte[] body = form.bytes();
        int sent = 2 * 1024 * 1024;
        Set<Path> before = spoolFiles();
        try (LitServer server = Servers.start(new ChecksumApi())) {
            Path spool;
            try (RawConnection raw = RawConnection.open(server.port())) {
                raw.send(head(form, body.length).getBytes(StandardCharsets.ISO_8859_1));
                raw.send(Arrays.copyOfRange(body, 0, sent));
                spool = awaitSpool(before, sent - MEMORY_PART);
            }
            await().atMost(WAIT).until(() -> !Files.exists(spool));
        }
    }

    @Test
    void aChunkedFormGrowingPastTheLimitIs413WithTheLimitAndLeavesNoSpoolFile() {
        Multipart form = new Multipart("spool").file("f", "big.bin", "application/octet-stream",
                FormsIT.random(3 * 1024 * 1024));
        byte[] body = form.bytes();
        Set<Path> before = spoolFiles();
        try (LitServer server = Servers.local().api(new ChecksumApi()).maxPayloadSize("1MB").build().start();
                RawConnection raw = RawConnection.open(server.port())) {
            raw.send(("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + form.contentType()
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int step = 64 * 1024;
            try {
                for (int at = 0; at < body.length; at += step) {
                    int length = Math.min(step, body.length - at);
                    raw.send((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    raw.send(Arrays.copyOfRange(body, at, at + length));
                    raw.send("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                raw.send("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } catch (UncheckedIOException closedByTheServer) {
                // the server answered and closed before the whole body was sent: the answer is still there
            }
            RawConnection.RawResponse response = raw.read();
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.bodyText()).isEqualTo("{\"detail\":\"Payload too large: the whole body, files"
                    + " included, may be at most 1 MiB (the server's maxPayloadSize)\"}");
            await().atMost(WAIT).until(() -> {
                Set<Path> left = spoolFiles();
                left.removeAll(before);
                return left.isEmpty();
            });
        }
    }
}
