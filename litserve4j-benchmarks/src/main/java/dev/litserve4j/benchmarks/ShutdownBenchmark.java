package dev.litserve4j.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times the shutdown route end to end against a real launcher process: from the 200 to the port
 * refusing connections, and from the 200 to the process's exit; idle, and with requests in flight.
 *
 * <pre>java -cp 'litserve4j-benchmarks/target/lib/*' dev.litserve4j.benchmarks.ShutdownBenchmark [rounds]</pre>
 */
public final class ShutdownBenchmark {

    private static final String KEY = "benchmark-key";
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern QUEUED = Pattern.compile("queued a request");

    private record Round(double refusedMillis, double exitMillis, int answered) {
    }

    private ShutdownBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Round> idle = new ArrayList<>();
        List<Round> busy = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            // Interleaved, so that drift of the machine touches both the same way.
            idle.add(round(client, 0));
            busy.add(round(client, 4));
        }
        System.out.println("| case | rounds | 200 → port refused, median (max) | 200 → process exit, median (max) |");
        System.out.println("|---|---|---|---|");
        System.out.println(row("idle", idle));
        System.out.println(row("4 in-flight SlowApi requests of 0.5 s", busy));
        for (Round r : busy) {
            if (r.answered != 4) {
                throw new IllegalStateException("an in-flight request was not answered 200: " + busy);
            }
        }
    }

    private static Round round(HttpClient client, int inFlight) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.log.dev.litserve4j.internal.http.PredictRoute=debug",
                "dev.litserve4j.cli.Main", "serve", "SlowApi", "--host", "127.0.0.1", "--port", "0",
                "--workers-per-device", "4", "--enable-shutdown-api");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LIT_SHUTDOWN_API_KEY", KEY);
        Process process = builder.start();
        CompletableFuture<Long> exitedAt = process.onExit().thenApply(p -> System.nanoTime());
        CountDownLatch queued = new CountDownLatch(inFlight);
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    } else if (QUEUED.matcher(line).find()) {
                        queued.countDown();
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        int p = port.get(60, TimeUnit.SECONDS);
        List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
        for (int i = 0; i < inFlight; i++) {
            requests.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/predict"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"input\": " + i + ", \"sleep\": 0.5}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        if (!queued.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the in-flight requests did not reach the server");
        }
        HttpResponse<String> ok = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/shutdown"))
                .header("Authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        long okAt = System.nanoTime();
        if (ok.statusCode() != 200) {
            throw new IllegalStateException("shutdown answered " + ok.statusCode() + ": " + ok.body());
        }
        long refusedAt = 0;
        long giveUp = okAt + TimeUnit.SECONDS.toNanos(30);
        while (refusedAt == 0 && System.nanoTime() < giveUp) {
            try (Socket probe = new Socket("127.0.0.1", p)) {
                Thread.onSpinWait();
            } catch (ConnectException refused) {
                refusedAt = System.nanoTime();
            }
        }
        long exit = exitedAt.get(60, TimeUnit.SECONDS);
        int answered = 0;
        for (CompletableFuture<HttpResponse<String>> r : requests) {
            answered += r.get(30, TimeUnit.SECONDS).statusCode() == 200 ? 1 : 0;
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the launcher exited with " + process.exitValue());
        }
        return new Round(millis(refusedAt - okAt), millis(exit - okAt), answered);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static String row(String name, List<Round> rounds) {
        List<Double> refused = new ArrayList<>();
        List<Double> exit = new ArrayList<>();
        for (Round r : rounds) {
            refused.add(r.refusedMillis);
            exit.add(r.exitMillis);
        }
        return String.format(Locale.ROOT, "| %s | %d | %.1f ms (%.1f) | %.1f ms (%.1f) |", name, rounds.size(),
                median(refused), Collections.max(refused), median(exit), Collections.max(exit));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

}
