package dev.litserve4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.testing.TestCertificate;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve with the TLS flags, as users run it: a child JVM, its printed https line, a real SIGTERM. */
class TlsLauncherIT {

    private static final Pattern LISTENING = Pattern.compile("listening on https://127\\.0\\.0\\.1:(\\d+)");

    private Process process;

    @AfterEach
    void killLeftovers() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void servesHttpsWithTheSslFlagsOverHttp2AndHttp11AndExitsZeroOnSigterm(@TempDir Path dir) throws Exception {
        TestCertificate cert = TestCertificate.create(dir);
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "SquareApi", "--host", "127.0.0.1", "--port", "0",
                "--ssl-certfile", cert.certFile().toString(), "--ssl-keyfile", cert.keyFile().toString()))
                .redirectErrorStream(true);
        builder.environment().put("ORT_DISABLE_TELEMETRY", "1"); // as bin/litserve4j does
        process = builder.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
                port.completeExceptionally(new AssertionError("the launcher ended without an https line"));
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
        }, "launcher-output");
        reader.setDaemon(true);
        reader.start();
        int listening = port.get(30, TimeUnit.SECONDS);

        for (HttpClient.Version version : HttpClient.Version.values()) {
            HttpResponse<String> answer = cert.http(listening, version).post("/predict", "{\"input\": 4}");
            assertThat(answer.version()).isEqualTo(version);
            assertThat(answer.body()).isEqualTo("{\"output\":16.0}");
        }
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }
}
