package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.Callback.ShutdownOutcome;
import dev.litserve4j.internal.config.ShutdownApiConfig;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.LogCapture;
import dev.litserve4j.testing.Servers;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may call the shutdown route, and what every attempt leaves behind. */
class ShutdownApiIT {

    private static final String KEY = "correct-horse-battery-staple";

    static final class Echo implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> request) {
            return request;
        }
    }

    private static LitServerBuilder withShutdown() {
        return Servers.local().api(new Echo()).enableShutdownApi(true).shutdownApiKey(KEY);
    }

    private static HttpResponse<String> shutdown(Http http, String path, String authorization) {
        HttpRequest.Builder request = http.request(path).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build());
    }

    @Test
    void disabledShutdownApiHasNoRoute() {
        try (LitServer server = Servers.local().api(new Echo()).shutdownApiKey(KEY).build().start()) {
            Http http = new Http(server.port());
            HttpResponse<String> response = shutdown(http, "/shutdown", "Bearer " + KEY);
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).isEqualTo("{\"detail\":\"Not Found\"}");
            assertThat(http.get("/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void missingMalformedAndWrongKeysGet401WithABearerChallenge() {
        try (LitServer server = withShutdown().build().start()) {
            Http http = new Http(server.port());
            for (String authorization : new String[] {null, "Basic " + KEY, "Bearer", "Bearer not-the-key"}) {
                HttpResponse<String> response = shutdown(http, "/shutdown", authorization);
                assertThat(response.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                assertThat(response.body()).startsWith("{\"detail\":\"").doesNotContain(KEY);
            }
            assertThat(http.get("/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void otherMethodsGet405AllowingPost() {
        try (LitServer server = withShutdown().build().start()) {
            HttpResponse<String> response = new Http(server.port()).get("/shutdown");
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        }
    }

    @Test
    void sixthAttemptAfterFiveFailuresIsRateLimitedEvenWithTheRightKey() {
        try (LitServer server = withShutdown().build().start()) {
            Http http = new Http(server.port());
            for (int i = 0; i < 5; i++) {
                assertThat(shutdown(http, "/shutdown", "Bearer wrong-" + i).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> limited = shutdown(http, "/shutdown", "Bearer " + KEY);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.body()).contains("from this address");
            long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 60L);
            assertThat(http.get("/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void serverWideBudgetAnswers429SayingSoOnceItIsSpent() {
        // A per-address limit above the server-wide one, so that one address can spend the latter.
        try (LitServer server = withShutdown().shutdownRateLimit(1000, Duration.ofMinutes(1)).build().start()) {
            Http http = new Http(server.port());
            for (int i = 0; i < ShutdownApiConfig.GLOBAL_MAX_FAILED_ATTEMPTS; i++) {
                assertThat(shutdown(http, "/shutdown", "Bearer wrong-" + i).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> limited = shutdown(http, "/shutdown", "Bearer " + KEY);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.body()).contains("server-wide limit was reached");
            long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, ShutdownApiConfig.GLOBAL_FAILED_ATTEMPT_WINDOW.toSeconds());
        }
    }

    @Test
    void rateLimitWindowIsConfigurableAndPasses() {
        try (LitServer server = withShutdown().shutdownRateLimit(2, Duration.ofMillis(300)).build().start()) {
            Http http = new Http(server.port());
            shutdown(http, "/shutdown", "Bearer a");
            shutdown(http, "/shutdown", "Bearer b");
            assertThat(shutdown(http, "/shutdown", "Bearer c").statusCode()).isEqualTo(429);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> shutdown(http, "/shutdown", "Bearer d").statusCode() == 401);
        }
    }

    @Test
    void correctKeyAnswers200WithLitServesBodyAndStopsTheServer() throws Exception {
        LitServer server = withShutdown().build().start();
        try {
            HttpResponse<String> response = shutdown(new Http(server.port()), "/shutdown", "bearer " + KEY);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("Server is initiating graceful shutdown.");
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(server.stoppedCleanly()).isTrue();
        } finally {
            server.close();
        }
    }

    @Test
    void shutdownRouteIgnoresTheServersApiKey() throws Exception {
        try (LitServer server = withShutdown().apiKey("api-key").build().start()) {
            Http http = new Http(server.port());
            HttpRequest withApiKeyOnly = http.request("/shutdown").header("X-API-Key", "api-key")
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            assertThat(http.send(withApiKeyOnly).statusCode()).isEqualTo(401);
            assertThat(shutdown(http, "/shutdown", "Bearer " + KEY).statusCode()).isEqualTo(200);
            assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void customShutdownPathIsServedAndTheDefaultIsNot() throws Exception {
        try (LitServer server = withShutdown().shutdownPath("/admin/stop").build().start()) {
            Http http = new Http(server.port());
            assertThat(shutdown(http, "/shutdown", "Bearer " + KEY).statusCode()).isEqualTo(404);
            assertThat(shutdown(http, "/admin/stop", "Bearer " + KEY).statusCode()).isEqualTo(200);
            assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void generatedKeyIsPrintedExactlyOnceAsARunnableCurlWithTheRealPort() throws Exception {
        String log;
        int port;
        LitServer server;
        try (LogCapture capture = new LogCapture()) {
            server = Servers.local().api(new Echo()).enableShutdownApi(true).build().start();
            port = server.port();
            log = capture.text();
        }
        try {
            Matcher m = Pattern.compile("curl -X POST 'http://127\\.0\\.0\\.1:(\\d+)/shutdown' -H 'Authorization: Bearer ([A-Za-z0-9_-]+)'")
                    .matcher(log);
            assertThat(m.find()).as(log).isTrue();
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(port);
            String key = m.group(2);
            assertThat(key).hasSize(43); // 32 random bytes, base64url without padding
            assertThat(log.split(Pattern.quote(key), -1)).hasSize(2); // exactly once
            assertThat(shutdown(new Http(port), "/shutdown", "Bearer " + key).statusCode()).isEqualTo(200);
            assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
        } finally {
            server.close();
        }
    }

    @Test
    void eachServerGeneratesItsOwnKey() {
        try (LogCapture capture = new LogCapture();
                LitServer first = Servers.local().api(new Echo()).enableShutdownApi(true).build().start();
                LitServer second = Servers.local().api(new Echo()).enableShutdownApi(true).build().start()) {
            List<String> keys = Pattern.compile("Bearer ([A-Za-z0-9_-]{43})").matcher(capture.text()).results()
                    .map(r -> r.group(1)).toList();
            assertThat(keys).hasSize(2).doesNotHaveDuplicates();
        }
    }

    @Test
    void suppliedKeysNeverAppearInTheLog(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, "file-key-123456\n");
        try (LogCapture capture = new LogCapture()) {
            List<LitServerBuilder> builders = List.of(
                    withShutdown(),
                    Servers.local().api(new Echo()).enableShutdownApi(true)
                            .environment(Map.of("LIT_SHUTDOWN_API_KEY", "env-key-123456")),
                    Servers.local().api(new Echo()).enableShutdownApi(true)
                            .environment(Map.of("LIT_SHUTDOWN_API_KEY_FILE", file.toString())));
            for (LitServerBuilder builder : builders) {
                try (LitServer server = builder.build().start()) {
                    Http http = new Http(server.port());
                    shutdown(http, "/shutdown", "Bearer wrong");
                    assertThat(shutdown(http, "/shutdown", "Bearer " + (builder == builders.get(0) ? KEY
                            : builder == builders.get(1) ? "env-key-123456" : "file-key-123456")).statusCode())
                            .isEqualTo(200);
                    assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
                }
            }
            String log = capture.text();
            assertThat(log).contains("shutdown attempt", "ACCEPTED", "WRONG_KEY");
            assertThat(log).doesNotContain(KEY, "env-key-123456", "file-key-123456");
        }
    }

    @Test
    void replacingTheKeyFileRotatesTheKeyWithoutARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shutdown.key");
        Files.writeString(file, "first\n");
        try (LitServer server = Servers.local().api(new Echo()).enableShutdownApi(true)
                .shutdownApiKeyFile(file).build().start()) {
            Http http = new Http(server.port());
            assertThat(shutdown(http, "/shutdown", "Bearer second").statusCode()).isEqualTo(401);

            Files.writeString(file, "second\n");
            assertThat(shutdown(http, "/shutdown", "Bearer first").statusCode()).isEqualTo(401);

            Files.writeString(file, "");
            assertThat(shutdown(http, "/shutdown", "Bearer second").statusCode()).isEqualTo(503);
            Files.delete(file);
            assertThat(shutdown(http, "/shutdown", "Bearer second").statusCode()).isEqualTo(503);

            Files.writeString(file, "second");
            assertThat(shutdown(http, "/shutdown", "Bearer second").statusCode()).isEqualTo(200);
            assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void aKeyFileIsCheckedOffTheEventLoopAndAcceptsOnlyItsKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shutdown.key");
        Files.writeString(file, "file-key-123456\n");
        List<ShutdownOutcome> outcomes = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        Callback audit = new Callback() {
            @Override
            public void onShutdownRequested(LitServer server, InetSocketAddress client, ShutdownOutcome outcome) {
                outcomes.add(outcome);
                threads.add(Thread.currentThread().getName());
            }
        };
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        LitServer server = Servers.local().api(new Echo()).enableShutdownApi(true).shutdownApiKeyFile(file)
                .callbacks(audit).build().start();
        try {
            Http http = new Http(server.port());
            HttpResponse<String> wrong = shutdown(http, "/shutdown", "Bearer file-key-654321");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(wrong.body()).isEqualTo("{\"detail\":\"Invalid Bearer token for Shutdown API. Check that you "
                    + "are passing a correct 'Authorization: Bearer <SHUTDOWN_API_KEY>' in your header.\"}");
            assertThat(shutdown(http, "/shutdown", null).body())
                    .isEqualTo("{\"detail\":\"Not authenticated: send 'Authorization: Bearer <shutdown key>'\"}");

            HttpResponse<String> right = shutdown(http, "/shutdown", "Bearer file-key-123456");
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(right.body()).isEqualTo("Server is initiating graceful shutdown.");
            assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(server.stoppedCleanly()).isTrue();
        } finally {
            server.close();
        }
        assertThat(outcomes).containsExactly(ShutdownOutcome.WRONG_KEY, ShutdownOutcome.MISSING_KEY,
                ShutdownOutcome.ACCEPTED);
        assertThat(threads).containsOnly("litserve4j-shutdown-key");
        // The key thread ends on its own once idle.
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> !before.contains(t) && t.isAlive() && t.getName().equals("litserve4j-shutdown-key")));
    }

    @Test
    void aKeyInMemoryIsCheckedOnTheEventLoop() {
        List<String> threads = new CopyOnWriteArrayList<>();
        Callback audit = new Callback() {
            @Override
            public void onShutdownRequested(LitServer server, InetSocketAddress client, ShutdownOutcome outcome) {
                threads.add(Thread.currentThread().getName());
            }
        };
        try (LitServer server = withShutdown().callbacks(audit).build().start()) {
            assertThat(shutdown(new Http(server.port()), "/shutdown", "Bearer wrong").statusCode()).isEqualTo(401);
        }
        assertThat(threads).singleElement().asString().startsWith("litserve4j-io");
    }

    @Test
    void whileTheKeyThreadIsBusyTheServerAnswersAndAttemptsPastTheQueueGet503(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shutdown.key");
        Files.writeString(file, "file-key-123456\n");
        KeyThreadHold slow = new KeyThreadHold();
        CountDownLatch stuck = slow.stuck;
        CountDownLatch release = slow.release;
        try (LitServer server = Servers.local().api(new Echo()).enableShutdownApi(true).shutdownApiKeyFile(file)
                .shutdownRateLimit(100, Duration.ofMinutes(1)).callbacks(slow).build().start()) {
            Http http = new Http(server.port());
            CompletableFuture<HttpResponse<String>> held = shutdownAsync(http, "Bearer wrong");
            assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();

            // The key thread is held and its queue takes 16: of 17 more attempts, one is refused now.
            List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
            for (int i = 0; i < 17; i++) {
                more.add(shutdownAsync(http, "Bearer wrong-" + i));
            }
            HttpResponse<String> refused = CompletableFuture.anyOf(more.toArray(CompletableFuture[]::new))
                    .thenApply(r -> (HttpResponse<String>) r).get(10, TimeUnit.SECONDS);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).isEqualTo(
                    "{\"detail\":\"Too many shutdown attempts are being checked at once; retry shortly\"}");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(http.get("/health").statusCode()).isEqualTo(200);
            assertThat(held).isNotDone();
            assertThat(more.stream().filter(CompletableFuture::isDone)).hasSize(1);

            release.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(401);
            for (CompletableFuture<HttpResponse<String>> attempt : more) {
                assertThat(attempt.get(10, TimeUnit.SECONDS).statusCode()).isIn(401, 503);
            }
            assertThat(more.stream().filter(f -> f.join().statusCode() == 503)).hasSize(1);
        }
    }

    @Test
    void attemptsWaitingForTheKeyThreadCountAgainstTheLimitSoABurstGetsExactlyItsShareOf401s(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("shutdown.key");
        Files.writeString(file, "file-key-123456\n");
        KeyThreadHold slow = new KeyThreadHold();
        CountDownLatch stuck = slow.stuck;
        CountDownLatch release = slow.release;
        try (LitServer server = Servers.local().api(new Echo()).enableShutdownApi(true).shutdownApiKeyFile(file)
                .shutdownRateLimit(5, Duration.ofMinutes(1)).callbacks(slow).build().start()) {
            Http http = new Http(server.port());
            CompletableFuture<HttpResponse<String>> held = shutdownAsync(http, "Bearer wrong");
            assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();

            // None of these has been checked yet, but each counts from the moment it was let in: 4 more
            // fit the limit of 5 and wait for the key thread, the other 6 are refused at once.
            List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                more.add(shutdownAsync(http, "Bearer wrong-" + i));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> more.stream().filter(CompletableFuture::isDone).count() == 6);
            assertThat(more.stream().filter(CompletableFuture::isDone).map(f -> f.join().statusCode()))
                    .containsOnly(429);
            assertThat(held).isNotDone();

            release.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(401);
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> attempt : more) {
                statuses.add(attempt.get(10, TimeUnit.SECONDS).statusCode());
            }
            assertThat(statuses.stream().filter(status -> status == 401)).hasSize(4);
            assertThat(statuses.stream().filter(status -> status == 429)).hasSize(6);
        }
    }

    /**
     * Callbacks run where the key is checked: this one holds the key thread in its first check until
     * {@code release}, and says so on {@code stuck}.
     */
    private static final class KeyThreadHold implements Callback {
        final CountDownLatch stuck = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean first = new AtomicBoolean();

        @Override
        public void onShutdownRequested(LitServer server, InetSocketAddress client, ShutdownOutcome outcome) {
            if (Thread.currentThread().getName().equals("litserve4j-shutdown-key") && first.compareAndSet(false, true)) {
                stuck.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static CompletableFuture<HttpResponse<String>> shutdownAsync(Http http, String authorization) {
        HttpRequest request = http.request("/shutdown").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return http.client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void managementListenerAloneServesTheShutdownRoute() throws Exception {
        try (LitServer server = withShutdown().managementPort(0).build().start()) {
            Http publicPort = new Http(server.port());
            Http management = new Http(server.managementPort());
            assertThat(server.managementPort()).isNotEqualTo(server.port());
            assertThat(shutdown(publicPort, "/shutdown", "Bearer " + KEY).statusCode()).isEqualTo(404);
            assertThat(management.get("/health").statusCode()).isEqualTo(404);
            assertThat(shutdown(management, "/shutdown", "Bearer " + KEY).statusCode()).isEqualTo(200);
            assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void everyAttemptFiresTheShutdownRequestedCallback() throws Exception {
        List<ShutdownOutcome> outcomes = new CopyOnWriteArrayList<>();
        List<InetSocketAddress> clients = new CopyOnWriteArrayList<>();
        Callback audit = new Callback() {
            @Override
            public void onShutdownRequested(LitServer server, InetSocketAddress client, ShutdownOutcome outcome) {
                outcomes.add(outcome);
                clients.add(client);
            }
        };
        try (LitServer server = withShutdown().callbacks(audit).shutdownRateLimit(3, Duration.ofMinutes(1))
                .build().start()) {
            Http http = new Http(server.port());
            shutdown(http, "/shutdown", null);
            shutdown(http, "/shutdown", "Token x");
            shutdown(http, "/shutdown", "Bearer x");
            shutdown(http, "/shutdown", "Bearer " + KEY);
            assertThat(outcomes).containsExactly(ShutdownOutcome.MISSING_KEY, ShutdownOutcome.MALFORMED_KEY,
                    ShutdownOutcome.WRONG_KEY, ShutdownOutcome.RATE_LIMITED);
            assertThat(clients).allSatisfy(c -> assertThat(c.getAddress().isLoopbackAddress()).isTrue());
        }
    }
}
