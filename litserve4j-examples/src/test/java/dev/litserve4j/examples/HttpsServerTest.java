package dev.litserve4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.LitServer;
import dev.litserve4j.testing.TestCertificate;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's TLS example is HttpsServer.java, shown verbatim and served here over both versions. */
class HttpsServerTest {

    private static final Path SOURCE = Path.of("src", "main", "java", "dev", "litserve4j", "examples", "HttpsServer.java");

    @Test
    void readmeShowsTheSourceVerbatim() throws IOException {
        String source = Files.readString(SOURCE);
        String shown = source.substring(source.indexOf("import dev.litserve4j.LitServer;"));
        assertThat(Files.readString(Path.of("..", "README.md"))).contains("```java\n" + shown + "```");
    }

    @Test
    void servesHttp2AndHttp11OverTls(@TempDir Path dir) {
        TestCertificate cert = TestCertificate.create(dir);
        try (LitServer server = HttpsServer.start(cert.certFile(), cert.keyFile(), "127.0.0.1", 0)) {
            for (HttpClient.Version version : HttpClient.Version.values()) {
                HttpResponse<String> answer = cert.http(server.port(), version).post("/predict", "{\"input\": 4}");

                assertThat(answer.version()).isEqualTo(version);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("{\"output\":16.0}");
            }
        }
    }
}
