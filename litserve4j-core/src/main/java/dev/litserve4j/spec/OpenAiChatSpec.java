package dev.litserve4j.spec;

/**
 * OpenAI's chat completions API on {@code /v1/chat/completions}. The API implements
 * {@code LitApi<ChatRequest, Object>} with {@code predictStream}, emitting {@link String} pieces of
 * the answer or {@link ChatChunk}s (content, tool calls, usage). With {@code "stream": true} the client
 * gets server-sent events ending in {@code data: [DONE]}; without it, one JSON completion that joins
 * the chunks. Every request field but {@code messages} is also in the request context.
 */
public final class OpenAiChatSpec implements Spec {

    @Override
    public String defaultPath() {
        return "/v1/chat/completions";
    }

    @Override
    public boolean streams() {
        return true;
    }
}
