package dev.litserve4j.testing;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made fresh by each test and
 * written as PEM files, and clients that trust it (and nothing else).
 *
 * @param certFile the certificate (PEM)
 * @param keyFile its private key (PEM, PKCS#8)
 * @param authority the CA that issued it, which the clients trust
 */
public record TestCertificate(Path certFile, Path keyFile, X509Bundle authority) {

    /** Makes one in {@code dir} as {@code <name>.crt} and {@code <name>.key}, issued by a CA of its own. */
    public static TestCertificate create(Path dir, String name) {
        try {
            Instant now = Instant.now();
            CertificateBuilder base = new CertificateBuilder().ecp256()
                    .notBefore(now.minus(1, ChronoUnit.DAYS)).notAfter(now.plus(1, ChronoUnit.DAYS));
            X509Bundle root = base.copy().subject("CN=litserve4j test CA " + name).setIsCertificateAuthority(true)
                    .buildSelfSigned();
            X509Bundle leaf = base.copy().subject("CN=localhost").addSanDnsName("localhost")
                    .addSanIpAddress("127.0.0.1").addExtendedKeyUsageServerAuth().buildIssuedBy(root);
            Path cert = Files.writeString(dir.resolve(name + ".crt"), leaf.getCertificatePEM());
            Path key = Files.writeString(dir.resolve(name + ".key"), leaf.getPrivateKeyPEM());
            return new TestCertificate(cert, key, root);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    public static TestCertificate create(Path dir) {
        return create(dir, "server");
    }

    /** A TLS context that trusts this certificate only. */
    public SSLContext trusting() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, authority.toTrustManagerFactory().getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK's client over TLS, asking for {@code version} (HTTP/2 by ALPN, or HTTP/1.1). */
    public HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder().version(version).sslContext(trusting())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** {@link Http} against {@code https://127.0.0.1:port}. */
    public Http http(int port, HttpClient.Version version) {
        return new Http("https://127.0.0.1:" + port, client(version));
    }
}
