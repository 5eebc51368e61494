package dev.litserve4j;

/**
 * Where a streaming {@link LitApi} sends its outputs, one chunk at a time. Each chunk goes through
 * {@link LitApi#encodeResponse} and out to the client before {@link #emit} returns, so a slow reader
 * slows the producer down instead of filling the server's memory.
 *
 * <pre>{@code
 * public void predictStream(Map<String, Object> in, RequestContext ctx, Emitter<Map<String, Object>> out)
 *         throws InterruptedException {
 *     for (String token : generate(in)) {
 *         out.emit(Map.of("token", token)); // blocks while the client is slow
 *     }
 * }
 * }</pre>
 *
 * @param <T> the API's output type
 */
public interface Emitter<T> {

    /**
     * Sends one chunk; waits while the client is not reading.
     *
     * @throws java.util.concurrent.CancellationException when the client went away or the server ended
     *     the stream (shutdown deadline): stop generating, the answer has no reader any more
     * @throws InterruptedException when the worker is being stopped
     */
    void emit(T chunk) throws InterruptedException;

    /** True once nobody will read further chunks; a long step may check it to stop early. */
    boolean isCancelled();
}
