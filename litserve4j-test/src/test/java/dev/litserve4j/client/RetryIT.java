package dev.litserve4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litserve4j.HttpError;
import dev.litserve4j.LitApi;
import dev.litserve4j.junit.LitServerExtension;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The optional retry of a 503 with Retry-After, against an API that refuses a request's first attempts. */
class RetryIT {

    /**
     * {@code {"id": ..., "reject": k, "retry_after": "0"}}: the first k attempts of that id are 503 (with
     * that Retry-After, when given); then {@code {"attempts": n}}.
     */
    static final class RejectsFirst implements LitApi<Map<String, Object>, Map<String, Object>> {
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

        @Override
        public Map<String, Object> predict(Map<String, Object> request) {
            int attempt = attempts.computeIfAbsent((String) request.get("id"), id -> new AtomicInteger()).incrementAndGet();
            if (attempt <= ((Number) request.get("reject")).intValue()) {
                Object retryAfter = request.get("retry_after");
                throw new HttpError(503, "busy, attempt " + attempt,
                        retryAfter == null ? Map.of() : Map.of("Retry-After", (String) retryAfter));
            }
            return Map.of("attempts", attempt);
        }

        int attemptsOf(String id) {
            return attempts.getOrDefault(id, new AtomicInteger()).get();
        }
    }

    static final RejectsFirst api = new RejectsFirst();

    @RegisterExtension
    static final LitServerExtension server = LitServerExtension.serving(api);

    private final String id = UUID.randomUUID().toString();

    private Map<String, Object> request(int reject, String retryAfter) {
        Map<String, Object> request = new HashMap<>(Map.of("id", id, "reject", reject));
        if (retryAfter != null) {
            request.put("retry_after", retryAfter);
        }
        return request;
    }

    private static LitClient retrying(URI uri, int maxAttempts, Duration maxWait) {
        return LitClient.builder(uri).retryOn503(maxAttempts, maxWait).build();
    }

    @Test
    void withoutTheRetryOptionA503IsThrownWithItsRetryAfter(LitClient client) {
        assertThatThrownBy(() -> client.predict(request(1, "0"), Map.class))
                .isInstanceOfSatisfying(LitHttpException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.detail()).isEqualTo("busy, attempt 1");
                    assertThat(e.header("retry-after")).hasValue("0");
                });
        assertThat(api.attemptsOf(id)).isEqualTo(1);
    }

    @Test
    void a503WithRetryAfterIsRetriedUntilItSucceeds(URI uri) {
        assertThat(retrying(uri, 3, Duration.ofSeconds(1)).predict(request(2, "0"), Map.class))
                .isEqualTo(Map.of("attempts", 3));
    }

    @Test
    void theRetriesStopAtMaxAttemptsWithTheLast503(URI uri) {
        assertThatThrownBy(() -> retrying(uri, 3, Duration.ofSeconds(1)).predict(request(5, "0"), Map.class))
                .isInstanceOfSatisfying(LitHttpException.class, e -> assertThat(e.detail()).isEqualTo("busy, attempt 3"));
        assertThat(api.attemptsOf(id)).isEqualTo(3);
    }

    @Test
    void a503WithoutRetryAfterIsNotRetried(URI uri) {
        assertThatThrownBy(() -> retrying(uri, 3, Duration.ofSeconds(1)).predict(request(1, null), Map.class))
                .isInstanceOf(LitHttpException.class);
        assertThat(api.attemptsOf(id)).isEqualTo(1);
    }

    @Test
    void aRetryAfterLongerThanMaxWaitIsThrownAtOnceInsteadOfWaitedFor(URI uri) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> retrying(uri, 3, Duration.ofSeconds(5)).predict(request(1, "30"), Map.class))
                .isInstanceOfSatisfying(LitHttpException.class, e -> assertThat(e.status()).isEqualTo(503));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(api.attemptsOf(id)).isEqualTo(1);
    }

    @Test
    void theClientWaitsWhatRetryAfterSaysBeforeRetrying(URI uri) {
        long start = System.nanoTime();
        assertThat(retrying(uri, 2, Duration.ofSeconds(5)).predict(request(1, "1"), Map.class))
                .isEqualTo(Map.of("attempts", 2));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
    }
}
