package dev.litserve4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.testing.TestCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve refuses TLS files it cannot serve with before anything listens: exit 2, naming the flag. */
class TlsFlagsTest {

    @TempDir
    Path dir;

    private CommandRun serve(String... tlsFlags) {
        String[] args = new String[5 + tlsFlags.length];
        System.arraycopy(new String[] {"serve", "SquareApi", "--host", "127.0.0.1", "--port=0"}, 0, args, 0, 5);
        System.arraycopy(tlsFlags, 0, args, 5, tlsFlags.length);
        return CommandRun.of(Map.of(), dir, args);
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsABadCommandLine() {
        TestCertificate cert = TestCertificate.create(dir, "one");
        TestCertificate other = TestCertificate.create(dir, "other");

        CommandRun run = serve("--ssl-certfile", cert.certFile().toString(), "--ssl-keyfile", other.keyFile().toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("litserve4j: --ssl-keyfile " + other.keyFile() + " is not the key of the "
                + "certificate in --ssl-certfile " + cert.certFile() + ": give the private key the certificate was "
                + "issued for\n");
    }

    @Test
    void aFileThatCannotBeReadOrHoldsTheWrongThingIsNamedByItsFlag() throws Exception {
        TestCertificate cert = TestCertificate.create(dir);
        Path missing = dir.resolve("missing.crt");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");

        CommandRun noCert = serve("--ssl-certfile", missing.toString(), "--ssl-keyfile", cert.keyFile().toString());
        CommandRun keyAsCert = serve("--ssl-certfile=" + cert.keyFile(), "--ssl-keyfile=" + cert.keyFile());
        CommandRun emptyKey = serve("--ssl-certfile", cert.certFile().toString(), "--ssl-keyfile", empty.toString());

        assertThat(noCert.exitCode()).isEqualTo(2);
        assertThat(noCert.err()).isEqualTo("litserve4j: --ssl-certfile " + missing + " cannot be read: there is no such file\n");
        assertThat(keyAsCert.exitCode()).isEqualTo(2);
        assertThat(keyAsCert.err()).startsWith("litserve4j: --ssl-certfile " + cert.keyFile() + " holds no PEM certificate");
        assertThat(emptyKey.exitCode()).isEqualTo(2);
        assertThat(emptyKey.err()).startsWith("litserve4j: --ssl-keyfile " + empty + " holds no PEM private key");
    }

    @Test
    void aCertificateWithoutItsKeyIsABadCommandLine() {
        TestCertificate cert = TestCertificate.create(dir);

        CommandRun run = serve("--ssl-certfile", cert.certFile().toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("litserve4j: --ssl-certfile and --ssl-keyfile go together");
    }
}
