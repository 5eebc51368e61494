package dev.litserve4j.internal.http;

import dev.litserve4j.internal.config.TlsConfig;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import javax.net.ssl.SSLException;

/**
 * The server's TLS context from its PEM files, checked whole at start so that a wrong file stops the
 * server there, with a message that names the setting: a file that cannot be read, one that holds no
 * certificate or no key, an encrypted key without its password, or a key that is not the
 * certificate's. OpenSSL (netty-tcnative) when it is on the class path and can negotiate ALPN, else
 * the JDK's own TLS. ALPN offers HTTP/2 first and HTTP/1.1 beside it; a client that asks for neither
 * gets HTTP/1.1.
 */
public final class TlsContexts {

    static final String H2 = ApplicationProtocolNames.HTTP_2;
    static final String HTTP_1_1 = ApplicationProtocolNames.HTTP_1_1;

    private TlsContexts() {
    }

    /**
     * Reads and checks the files and makes the context.
     *
     * @throws IllegalArgumentException naming the setting at fault and saying what to fix
     */
    public static SslContext server(TlsConfig tls, TlsConfig.Names names) {
        X509Certificate[] chain = certificates(tls.certFile(), names);
        PrivateKey key = privateKey(tls, names);
        checkPair(chain[0], key, tls, names);
        SslProvider provider = SslProvider.isAlpnSupported(SslProvider.OPENSSL) ? SslProvider.OPENSSL : SslProvider.JDK;
        try {
            return SslContextBuilder.forServer(key, chain)
                    .sslProvider(provider)
                    // HTTP/2 forbids the weaker suites (RFC 9113, appendix A); TLS 1.3's are all allowed.
                    .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, H2, HTTP_1_1))
                    .build();
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException("cannot serve TLS with " + names.certFile() + " " + tls.certFile()
                    + " and " + names.keyFile() + " " + tls.keyFile() + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate[] certificates(Path file, TlsConfig.Names names) {
        byte[] pem = read(file, names.certFile());
        try {
            X509Certificate[] chain = Pem.certificates(new ByteArrayInputStream(pem));
            if (chain.length > 0) {
                return chain;
            }
        } catch (CertificateException | RuntimeException e) {
            // reported below
        }
        throw new IllegalArgumentException(names.certFile() + " " + file + " holds no PEM certificate: give a file"
                + " with a -----BEGIN CERTIFICATE----- block (the server's certificate first, then its chain)");
    }

    private static PrivateKey privateKey(TlsConfig tls, TlsConfig.Names names) {
        Path file = tls.keyFile();
        byte[] pem = read(file, names.keyFile());
        String text = new String(pem, StandardCharsets.US_ASCII);
        boolean encrypted = text.contains("ENCRYPTED PRIVATE KEY") || text.contains("Proc-Type: 4,ENCRYPTED");
        if (encrypted && tls.keyPassword() == null) {
            throw new IllegalArgumentException(names.keyFile() + " " + file + " is encrypted: give its password with "
                    + names.keyPassword());
        }
        try {
            PrivateKey key = Pem.privateKey(new ByteArrayInputStream(pem), encrypted ? tls.keyPassword() : null);
            if (key != null) {
                return standard(key);
            }
        } catch (KeyException e) {
            throw new IllegalArgumentException(names.keyFile() + " " + file + " holds no PEM private key: give a file"
                    + " with a -----BEGIN PRIVATE KEY----- block (PKCS#8; convert with openssl pkcs8 -topk8 -nocrypt)", e);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            if (!encrypted && (text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY"))) {
                throw new IllegalArgumentException(names.keyFile() + " " + file + " holds a key in the traditional"
                        + " form (BEGIN RSA/EC PRIVATE KEY), which is read only with Bouncy Castle on the class path:"
                        + " convert it to PKCS#8 with openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem", e);
            }
            throw new IllegalArgumentException(names.keyFile() + " " + file + " cannot be read as a private key"
                    + (encrypted ? " with the password of " + names.keyPassword() + " (is it the right one?)" : "")
                    + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(names.keyFile() + " " + file + " holds no PEM private key");
    }

    /**
     * The key as the JDK's own providers make it: with Bouncy Castle on the class path Netty's reader
     * returns Bouncy Castle's keys ("ECDSA"), which the JDK's TLS and signatures do not take.
     */
    private static PrivateKey standard(PrivateKey key) throws GeneralSecurityException {
        if (!"PKCS#8".equals(key.getFormat()) || key.getEncoded() == null) {
            return key;
        }
        String algorithm = "ECDSA".equals(key.getAlgorithm()) ? "EC" : key.getAlgorithm();
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            return key; // a kind only its own provider knows
        }
    }

    /** Signs with the key and verifies with the certificate: only the certificate's own key passes. */
    private static void checkPair(X509Certificate certificate, PrivateKey key, TlsConfig tls, TlsConfig.Names names) {
        String mismatch = names.keyFile() + " " + tls.keyFile() + " is not the key of the certificate in "
                + names.certFile() + " " + tls.certFile() + ": give the private key the certificate was issued for";
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
            default -> null; // a kind we cannot test here: the handshake will tell
        };
        if (algorithm == null) {
            return;
        }
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false; // a key of another kind than the certificate's
        }
        if (!matches) {
            throw new IllegalArgumentException(mismatch);
        }
    }

    private static byte[] read(Path file, String name) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(name + " " + file + " cannot be read: there is no such file");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(name + " " + file + " cannot be read: permission denied");
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException(name + " " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** Netty's PEM readers (protected in SslContext), reached from a subclass that is never made. */
    private abstract static class Pem extends SslContext {
        static X509Certificate[] certificates(InputStream in) throws CertificateException {
            return toX509Certificates(in);
        }

        static PrivateKey privateKey(InputStream in, String password) throws GeneralSecurityException, IOException {
            return toPrivateKey(in, password);
        }
    }
}
