package dev.litserve4j.internal.config;

import java.nio.file.Path;

/**
 * The PEM files a server serves HTTPS with; the files are read at start, not here.
 *
 * @param certFile the certificate, followed by the chain up to (not necessarily including) the root
 * @param keyFile the private key of that certificate (PKCS#8, or PKCS#1 when Bouncy Castle is present)
 * @param keyPassword the password of an encrypted key file, or null
 */
public record TlsConfig(Path certFile, Path keyFile, String keyPassword) {

    /** The names of the three settings as the user gave them: the builder's, or the launcher's flags. */
    public record Names(String certFile, String keyFile, String keyPassword) {
        public static final Names BUILDER = new Names("tls certFile", "tls keyFile", "tls keyPassword");
    }

    /**
     * Checks what can be checked without reading the files.
     *
     * @throws IllegalArgumentException naming the setting that is missing
     */
    public static TlsConfig of(Path certFile, Path keyFile, String keyPassword, Names names) {
        if (certFile == null || keyFile == null) {
            throw new IllegalArgumentException(names.certFile() + " and " + names.keyFile()
                    + " go together: give both the certificate and its private key (PEM files), got "
                    + names.certFile() + " " + certFile + " and " + names.keyFile() + " " + keyFile);
        }
        return new TlsConfig(certFile, keyFile, keyPassword);
    }

    @Override
    public String toString() { // never the password
        return "TlsConfig[certFile=" + certFile + ", keyFile=" + keyFile + "]";
    }
}
