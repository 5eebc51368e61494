package dev.litserve4j.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.client.LitClient;
import dev.litserve4j.examples.SquareApi;
import dev.litserve4j.testing.TestCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server configured with TLS is injected by its https URI, and a client given TLS options reaches it. */
class TlsServerIT {

    private static final TestCertificate CERT = certificate();

    @RegisterExtension
    static final LitServerExtension server = LitServerExtension
            .configuring(builder -> builder.api(new SquareApi()).tls(CERT.certFile(), CERT.keyFile()))
            .client(client -> client.httpClient(CERT.client(HttpClient.Version.HTTP_2)));

    record Answer(double output) {}

    private static TestCertificate certificate() {
        try {
            var dir = Files.createTempDirectory("litserve4j-tls");
            dir.toFile().deleteOnExit();
            TestCertificate cert = TestCertificate.create(dir);
            cert.certFile().toFile().deleteOnExit();
            cert.keyFile().toFile().deleteOnExit();
            return cert;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theUriIsHttpsAndTheClientPredictsOverIt(URI uri, LitClient client) {
        assertThat(uri.getScheme()).isEqualTo("https");
        assertThat(client.predict(Map.of("input", 4.0), Answer.class).output()).isEqualTo(16.0);
    }
}
