package dev.litserve4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.testing.Http;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The launcher as users run it: a child JVM, real signals, real exit codes. */
class LauncherIT {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    private Process process;
    private final BlockingQueue<String> output = new LinkedBlockingQueue<>();

    @AfterEach
    void killLeftovers() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private int launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        command.add(java.toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        // Lets a test see when the server has taken a request (PredictRoute logs it at DEBUG).
        command.add("-Dorg.slf4j.simpleLogger.log.dev.litserve4j.internal.http.PredictRoute=debug");
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // As bin/litserve4j does: ONNX Runtime's telemetry crashes the JVM on a command line over 4 KiB,
        // and this one carries the whole test class path.
        builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
        process = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "launcher-output");
        reader.setDaemon(true);
        reader.start();
        return Integer.parseInt(awaitLine(LISTENING).group(1));
    }

    /** Waits up to 30 s for a line of the launcher's output that matches {@code pattern}. */
    private Matcher awaitLine(Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = output.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            seen.add(line);
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        throw new AssertionError("the launcher printed no line matching " + pattern + " within 30 s; output: " + seen
                + (process.isAlive() ? "" : "; it exited with " + process.exitValue()));
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    @Test
    void servesTheDefaultEmbeddingsServerAndExitsZeroOnSigterm() throws Exception {
        int port = launch("serve", "--host", "127.0.0.1", "--port", "0");
        Http http = new Http(port);
        assertThat(http.get("/health").statusCode()).isEqualTo(200); // healthy as soon as the line is out
        assertThat(http.get("/info").body()).contains("\"workers_per_device\":2"); // DefaultServer.FLAGS
        assertThat(http.post("/predict", "{\"input\": \"hello world\"}").body()).startsWith("{\"embedding\":[");
        assertThat(http.post("/v1/embeddings", "{\"model\":\"all-MiniLM-L6-v2\",\"input\":\"hello\"}").body())
                .startsWith("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[");

        signal("TERM");

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void serveWithMcpAnswersTheSdkClientsToolCallAndStillExitsZero() throws Exception {
        int port = launch("serve", "SquareApi", "--host", "127.0.0.1", "--port", "0", "--mcp",
                "--mcp-description", "Squares a number");
        try (McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + port).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(10)).initializationTimeout(Duration.ofSeconds(10)).build()) {
            client.initialize();
            assertThat(client.listTools().tools()).singleElement()
                    .satisfies(tool -> assertThat(tool.name()).isEqualTo("predict"))
                    .satisfies(tool -> assertThat(tool.description()).isEqualTo("Squares a number"));
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("predict",
                    Map.of("input", 3)));
            assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("{\"output\":9.0}");
        }

        signal("TERM");

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void sigintStopsGracefullyWithExitCodeZero() throws Exception {
        int port = launch("serve", "dev.litserve4j.examples.BatchedSquareApi", "--host", "127.0.0.1", "--port", "0",
                "--max-batch-size", "8", "--batch-timeout", "0.05");
        assertThat(new Http(port).post("/predict", "{\"input\": 3}").body()).isEqualTo("{\"output\":9.0}");

        signal("INT");

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void sigtermDrainsInFlightWorkThenExitsZero() throws Exception {
        int port = launch("serve", "SlowApi", "--host", "127.0.0.1", "--port", "0");
        CompletableFuture<HttpResponse<String>> slow = new Http(port).postAsync("/predict", "{\"input\": 5, \"sleep\": 1}");
        awaitLine(Pattern.compile("request [0-9a-f]{32}: queued to /predict"));

        signal("TERM");

        HttpResponse<String> answer = slow.get(30, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"output\":5}");
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void requestsCutByTheGracefulDeadlineGet503AndExitCodeOne() throws Exception {
        int port = launch("serve", "SlowApi", "--host", "127.0.0.1", "--port", "0", "--graceful-timeout", "0.2");
        CompletableFuture<HttpResponse<String>> slow = new Http(port).postAsync("/predict", "{\"input\": 5, \"sleep\": 20}");
        awaitLine(Pattern.compile("request [0-9a-f]{32}: queued to /predict"));

        signal("TERM");

        HttpResponse<String> answer = slow.get(30, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).isEqualTo("{\"detail\":\"Server is shutting down\"}");
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
    }

    @Test
    void generatedShutdownKeyFromTheLogStopsTheLauncherWithExitZero() throws Exception {
        int port = launch("serve", "SquareApi", "--host", "127.0.0.1", "--port", "0", "--enable-shutdown-api",
                "--shutdown-path", "/admin/stop");
        Matcher curl = awaitLine(Pattern.compile("curl -X POST '(http://127\\.0\\.0\\.1:(\\d+)/admin/stop)' "
                + "-H 'Authorization: Bearer ([A-Za-z0-9_-]+)'"));
        assertThat(Integer.parseInt(curl.group(2))).isEqualTo(port);

        Http http = new Http(port);
        HttpResponse<String> response = http.send(http.request("/admin/stop")
                .header("Authorization", "Bearer " + curl.group(3)).POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void workerKilledByAnErrorStopsTheLauncherWithExitCodeOne() throws Exception {
        int port = launch("serve", "FailingApi", "--host", "127.0.0.1", "--port", "0");
        HttpResponse<String> answer = new Http(port).post("/predict", "{\"fatal\": true}");
        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo("{\"detail\":\"Internal server error\"}");
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
    }

    @Test
    void withRestartWorkersAWorkerKilledByAnErrorIsReplacedAndServingGoesOn() throws Exception {
        int port = launch("serve", "FailingApi", "--host", "127.0.0.1", "--port", "0", "--restart-workers");
        Http http = new Http(port);
        assertThat(http.post("/predict", "{\"fatal\": true}").statusCode()).isEqualTo(500);
        assertThat(http.post("/predict", "{}").body()).isEqualTo("{\"output\":\"ok\"}");
        assertThat(process.isAlive()).isTrue();
    }

    @Test
    void secondSigintStopsAtOnceWithExitCode130() throws Exception {
        int port = launch("serve", "SlowApi", "--host", "127.0.0.1", "--port", "0");
        CompletableFuture<HttpResponse<String>> slow = new Http(port).postAsync("/predict", "{\"input\": 5, \"sleep\": 30}");
        awaitLine(Pattern.compile("request [0-9a-f]{32}: queued to /predict"));

        signal("INT");
        awaitLine(Pattern.compile("shutting down"));
        signal("INT");

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(130);
        slow.cancel(true);
    }

    @Test
    void badCommandLineExitsTwoWithTheReason() throws Exception {
        Process bad = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "NoSuchApi")
                .redirectErrorStream(true).start();
        String text = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(text).contains("class NoSuchApi is not on the class path");
    }

    @Test
    void servesImageInfoApiByItsSimpleNameToAMultipartUpload() throws Exception {
        int port = launch("serve", "ImageInfoApi", "--host", "127.0.0.1", "--port", "0");
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(12, 34, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", png);
        dev.litserve4j.testing.Multipart form = new dev.litserve4j.testing.Multipart()
                .file("file", "dot.png", "image/png", png.toByteArray());

        Http http = new Http(port);
        HttpResponse<String> answer = http.send(form.post(http, "/predict"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"width\":12,\"height\":34,\"format\":\"png\"}");
        signal("TERM");
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }
}
