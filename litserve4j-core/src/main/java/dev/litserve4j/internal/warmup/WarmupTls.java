package dev.litserve4j.internal.warmup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The warm-up's TLS: it trusts exactly the server's own certificate, which it has from the server's
 * certificate file, so it needs no CA and can be fooled by no other server. No ALPN is offered, so
 * the server speaks HTTP/1.1 to it, as to any client that offers none.
 */
public final class WarmupTls {

    private WarmupTls() {
    }

    /**
     * Sockets that trust the certificate in {@code certFile}, or null when it cannot be read (the
     * server's own check of it comes first and says why; the warm-up then fails with a warning).
     */
    public static SSLSocketFactory trusting(Path certFile) {
        try (InputStream in = Files.newInputStream(certFile)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("server-" + n++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            return null;
        }
    }
}
