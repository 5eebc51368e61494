package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litserve4j.TlsIT.Square;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import dev.litserve4j.testing.TestCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PEM files of TLS: the forms that are served, and the faults that stop the start with their setting's name. */
class TlsFilesIT {

    @TempDir
    Path dir;

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            Assumptions.abort("openssl is not installed: " + notInstalled.getMessage());
            return;
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("openssl " + args[0] + " finished").isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void anEncryptedRsaKeyMadeByOpensslIsServedWithItsPasswordAndRefusedWithout() throws Exception {
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-aes-256-cbc",
                "-pass", "pass:s3cret", "-out", "rsa.key");
        openssl("req", "-x509", "-key", "rsa.key", "-passin", "pass:s3cret", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-out", "rsa.crt");
        Path cert = dir.resolve("rsa.crt");
        Path key = dir.resolve("rsa.key");
        SSLContext trusting = SSLContext.getInstance("TLS");
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            store.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        trust.init(store);
        trusting.init(null, trust.getTrustManagers(), null);

        try (LitServer server = Servers.local().api(new Square()).tls(cert, key, "s3cret").build().start()) {
            HttpClient client = HttpClient.newBuilder().sslContext(trusting).version(HttpClient.Version.HTTP_2).build();
            HttpResponse<String> response = new Http("https://127.0.0.1:" + server.port(), client)
                    .post("/predict", "{\"input\": 5}");
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.body()).isEqualTo("{\"output\":25.0}");
        }
        assertThatThrownBy(() -> Servers.local().api(new Square()).tls(cert, key).build().start())
                .hasMessage("tls keyFile " + key + " is encrypted: give its password with tls keyPassword");
        assertThatThrownBy(() -> Servers.local().api(new Square()).tls(cert, key, "wrong").build().start())
                .hasMessageStartingWith("tls keyFile " + key + " cannot be read as a private key with the password of"
                        + " tls keyPassword (is it the right one?)");
    }

    @Test
    void oneFileWithTheChainAndTheKeyServesAsBoth() throws Exception {
        TestCertificate cert = TestCertificate.create(dir);
        Path both = Files.writeString(dir.resolve("both.pem"), Files.readString(cert.keyFile())
                + Files.readString(cert.certFile()) + cert.authority().getCertificatePEM());
        try (LitServer server = Servers.local().api(new Square()).tls(both, both).build().start()) {
            HttpResponse<String> response = cert.http(server.port(), HttpClient.Version.HTTP_2).post("/predict", "{\"input\": 3}");
            assertThat(response.body()).isEqualTo("{\"output\":9.0}");
        }
    }

    @Test
    void aKeyThatIsNotTheCertificatesStopsTheStartNamingIt() {
        TestCertificate cert = TestCertificate.create(dir, "one");
        TestCertificate other = TestCertificate.create(dir, "other");
        LitServerBuilder builder = Servers.local().api(new Square()).tls(cert.certFile(), other.keyFile());

        assertThatThrownBy(() -> builder.build().start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tls keyFile " + other.keyFile() + " is not the key of the certificate in tls certFile "
                        + cert.certFile() + ": give the private key the certificate was issued for");
    }

    @Test
    void unreadableOrWrongFilesStopTheStartNamingTheSetting() throws Exception {
        TestCertificate cert = TestCertificate.create(dir);
        Path missing = dir.resolve("missing.pem");
        Path notPem = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");

        assertThatThrownBy(() -> Servers.local().api(new Square()).tls(missing, cert.keyFile()).build().start())
                .hasMessage("tls certFile " + missing + " cannot be read: there is no such file");
        assertThatThrownBy(() -> Servers.local().api(new Square()).tls(notPem, cert.keyFile()).build().start())
                .hasMessageStartingWith("tls certFile " + notPem + " holds no PEM certificate");
        assertThatThrownBy(() -> Servers.local().api(new Square()).tls(cert.certFile(), notPem).build().start())
                .hasMessageStartingWith("tls keyFile " + notPem + " holds no PEM private key");
        assertThatThrownBy(() -> Servers.local().api(new Square()).tls(cert.certFile(), cert.certFile()).build().start())
                .hasMessageStartingWith("tls keyFile " + cert.certFile() + " holds no PEM private key");
    }
}
