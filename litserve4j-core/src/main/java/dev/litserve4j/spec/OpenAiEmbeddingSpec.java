package dev.litserve4j.spec;

/**
 * OpenAI's embeddings API on {@code /v1/embeddings}. The API implements
 * {@code LitApi<EmbeddingsRequest, Embeddings>}: one vector per input, in order.
 *
 * <p>{@code encoding_format: "base64"} is honoured (little-endian float32, as OpenAI sends it); the
 * official SDKs ask for it by default. {@code dimensions} is honoured by truncating and re-normalising
 * the vectors when the spec is built with {@link #withDimensions()} (for models trained for it);
 * otherwise a request that asks for it gets 400.
 */
public final class OpenAiEmbeddingSpec implements Spec {

    private final boolean dimensions;

    public OpenAiEmbeddingSpec() {
        this(false);
    }

    private OpenAiEmbeddingSpec(boolean dimensions) {
        this.dimensions = dimensions;
    }

    /** Accepts {@code dimensions}: vectors are truncated to it and L2-normalised again. */
    public OpenAiEmbeddingSpec withDimensions() {
        return new OpenAiEmbeddingSpec(true);
    }

    public boolean supportsDimensions() {
        return dimensions;
    }

    @Override
    public String defaultPath() {
        return "/v1/embeddings";
    }

    @Override
    public boolean streams() {
        return false;
    }
}
