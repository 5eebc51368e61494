package dev.litserve4j.spec;

/**
 * A wire protocol an API can be served with instead of the plain JSON of {@code /predict}: the spec
 * reads the requests, writes the answers and picks the default path.
 *
 * <pre>{@code
 * LitServer.builder()
 *     .api(new MyEmbedder(), ApiOptions.defaults().spec(new OpenAiEmbeddingSpec()))  // POST /v1/embeddings
 *     .api(new MyChat(), ApiOptions.defaults().spec(new OpenAiChatSpec()))            // POST /v1/chat/completions
 *     .build();
 * }</pre>
 */
public interface Spec {

    /** The path the API is served on unless {@code apiPath} says otherwise. */
    String defaultPath();

    /** True when the API always runs through {@code predictStream} (answers may still be aggregated). */
    boolean streams();
}
