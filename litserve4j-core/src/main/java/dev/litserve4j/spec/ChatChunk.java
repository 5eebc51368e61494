package dev.litserve4j.spec;

import java.util.List;

/**
 * What a chat API emits: a piece of content, tool calls, and/or usage. Usage reported by the chunks
 * of one completion is added up, so report it once (at the end) or in increments.
 */
public record ChatChunk(String content, List<ToolCall> toolCalls, Usage usage) {

    public ChatChunk {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static ChatChunk text(String content) {
        return new ChatChunk(content, List.of(), null);
    }

    public static ChatChunk toolCalls(ToolCall... calls) {
        return new ChatChunk(null, List.of(calls), null);
    }

    public static ChatChunk usage(int promptTokens, int completionTokens) {
        return new ChatChunk(null, List.of(), new Usage(promptTokens, completionTokens));
    }
}
