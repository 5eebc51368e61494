package dev.litserve4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.testing.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime stage of a generated Dockerfile, run here without Docker: its ENTRYPOINT and CMD as they
 * are, its ENV as the only environment, with what only the image has mapped to this build (java, the
 * jars) and the ports moved to free ones. A server that answers proves the baked JVM options and
 * flags start one.
 */
class DockerfileEntrypointIT {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path out;
    private Process process;

    @AfterEach
    void killLeftovers() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void theImagesCommandStartsTheServerItDescribesAndStopsWithExitZeroOnSigterm() throws Exception {
        CommandRun run = CommandRun.in(out, "dockerize", "SquareApi", "--drain-delay", "0.2", "--graceful-timeout", "5",
                "--enable-shutdown-api", "--management-port", "9000");
        assertThat(run.exitCode()).as(run.err()).isZero();
        DockerfileInstructions dockerfile = DockerfileInstructions.parse(Files.readString(out.resolve("Dockerfile")));

        List<String> command = new ArrayList<>();
        for (String word : dockerfile.runtimeOnly("ENTRYPOINT").execForm()) {
            command.add(switch (word) {
                case "java" -> Path.of(System.getProperty("java.home"), "bin", "java").toString();
                case "/app/litserve4j-cli.jar:/app/lib/*" -> System.getProperty("java.class.path");
                default -> word;
            });
        }
        List<String> cmd = dockerfile.runtimeOnly("CMD").execForm();
        for (int i = 0; i < cmd.size(); i++) {
            String previous = i == 0 ? "" : cmd.get(i - 1);
            command.add(switch (previous) {
                case "--port", "--management-port" -> "0";
                case "--host" -> "127.0.0.1";
                default -> cmd.get(i);
            });
        }
        assertThat(command).hasSize(dockerfile.runtimeOnly("ENTRYPOINT").execForm().size() + cmd.size());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        for (var env : dockerfile.runtime().stream().filter(i -> i.keyword().equals("ENV")).toList()) {
            String[] pair = env.arguments().split("=", 2);
            builder.environment().put(pair[0], pair[1]);
        }
        assertThat(builder.environment()).isEqualTo(Map.of("ORT_DISABLE_TELEMETRY", "1"));
        process = builder.start();
        CompletableFuture<Integer> port = listeningPort(process);

        Http http = new Http(port.get(30, TimeUnit.SECONDS));
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
        assertThat(http.get("/readyz").body()).isEqualTo("{\"status\":\"ready\"}");
        assertThat(http.post("/predict", "{\"input\": 3}").body()).isEqualTo("{\"output\":9.0}");
        assertThat(http.post("/shutdown", "").statusCode()).isEqualTo(404); // on the management port only

        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    /** Completes with the port of the process's "listening on" line; its output is read to the end. */
    private static CompletableFuture<Integer> listeningPort(Process process) {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        List<String> seen = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    seen.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            port.completeExceptionally(new AssertionError("the process ended without listening: " + seen));
        }, "entrypoint-output");
        reader.setDaemon(true);
        reader.start();
        return port;
    }
}
