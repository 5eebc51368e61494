package dev.litserve4j.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one call: the timeout over the whole exchange (for a streaming body handler, until the head),
 * the retries of a 503 with {@code Retry-After}, and every failure as a {@link LitClientException}.
 */
final class Transport {

    /** An error answer's body, read whole whatever the body handler for a success is. */
    private record ErrorBody(byte[] bytes) {
    }

    private final HttpClient http;
    private final ErrorBodies errors;
    private final int maxAttempts;
    private final Duration maxRetryWait;
    private final Clock clock;

    Transport(HttpClient http, ErrorBodies errors, int maxAttempts, Duration maxRetryWait, Clock clock) {
        this.http = http;
        this.errors = errors;
        this.maxAttempts = maxAttempts;
        this.maxRetryWait = maxRetryWait;
        this.clock = clock;
    }

    /** The 2xx answer to {@code request}, after the retries allowed; else the error as an exception. */
    <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> onSuccess, Duration timeout) {
        String described = request.method() + " " + request.uri();
        Duration waited = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            HttpResponse<Object> response = once(request, onSuccess, timeout, described);
            if (!(response.body() instanceof ErrorBody)) {
                @SuppressWarnings("unchecked")
                HttpResponse<T> success = (HttpResponse<T>) (HttpResponse<?>) response;
                return success;
            }
            LitHttpException error = errors.fromAnswer(described, response.statusCode(),
                    ((ErrorBody) response.body()).bytes(), response.headers());
            Optional<Duration> wait = error.status() == 503 && attempt < maxAttempts
                    ? RetryAfter.parse(error.header("Retry-After").orElse(null), clock) : Optional.empty();
            if (wait.isEmpty() || waited.plus(wait.get()).compareTo(maxRetryWait) > 0) {
                throw error;
            }
            pause(wait.get(), described);
            waited = waited.plus(wait.get());
        }
    }

    @SuppressWarnings("unchecked")
    private <T> HttpResponse<Object> once(HttpRequest request, BodyHandler<T> onSuccess, Duration timeout,
            String described) {
        BodyHandler<Object> handler = info -> info.statusCode() / 100 == 2
                ? (HttpResponse.BodySubscriber<Object>) onSuccess.apply(info)
                : BodySubscribers.mapping(BodySubscribers.ofByteArray(), ErrorBody::new);
        CompletableFuture<HttpResponse<Object>> answer = http.sendAsync(request, handler);
        try {
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true); // aborts the exchange: the server sees its client gone
            throw new LitTimeoutException(described + " got no answer within " + timeout, e);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new LitClientException(described + " was interrupted", e);
        } catch (ExecutionException e) {
            throw failure(described, timeout, e.getCause());
        }
    }

    private static LitClientException failure(String described, Duration timeout, Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new LitTimeoutException(described + " could not connect within " + timeout, cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new LitTimeoutException(described + " got no answer within " + timeout, cause);
        }
        if (cause instanceof ConnectException) {
            return new LitClientException(described + " could not connect: " + cause, cause);
        }
        if (cause instanceof LitClientException) {
            return (LitClientException) cause;
        }
        if (cause instanceof IOException) {
            return new LitClientException(described + " failed: " + cause, cause);
        }
        return new LitClientException(described + " failed unexpectedly: " + cause, cause);
    }

    private static void pause(Duration wait, String described) {
        try {
            Thread.sleep(wait.toMillis()); // what Retry-After asks for: the server's own pacing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LitClientException(described + " was interrupted while waiting to retry a 503", e);
        }
    }
}
