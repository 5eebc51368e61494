package dev.litserve4j.client;

/**
 * Why a {@link LitClient} call failed: the server could not be reached, the connection broke, the
 * answer could not be read as the asked type, or the calling thread was interrupted (its interrupt
 * flag is then set again). Subclasses say more: {@link LitHttpException} when the server answered with
 * an error status, {@link LitTimeoutException} when the call ran out of time.
 *
 * <pre>{@code
 * try {
 *     client.predict(Map.of("input", 4.0), Answer.class);
 * } catch (LitHttpException e) {
 *     log.warn("the server refused: {} {}", e.status(), e.detail());
 * } catch (LitClientException e) {
 *     log.warn("no answer", e);
 * }
 * }</pre>
 */
public class LitClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}, caused by {@code cause} (may be null). */
    public LitClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
