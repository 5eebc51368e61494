package dev.litserve4j.spec;

import java.util.List;

/**
 * What a chat API emits: a piece of content, tool calls, usage, and/or why the completion ended.
 * Usage reported by the chunks of one completion is added up, so report it once (at the end) or in
 * increments.
 *
 * @param finishReason {@code "length"}, {@code "content_filter"}, ... to override the default
 *     ({@code "tool_calls"} when the completion called tools, else {@code "stop"}); null otherwise
 */
public record ChatChunk(String content, List<ToolCall> toolCalls, Usage usage, String finishReason) {

    public ChatChunk {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static ChatChunk text(String content) {
        return new ChatChunk(content, List.of(), null, null);
    }

    public static ChatChunk toolCalls(ToolCall... calls) {
        return new ChatChunk(null, List.of(calls), null, null);
    }

    public static ChatChunk usage(int promptTokens, int completionTokens) {
        return new ChatChunk(null, List.of(), new Usage(promptTokens, completionTokens), null);
    }

    /** Ends the completion with a reason such as {@code "length"} (stopped at max_tokens). */
    public static ChatChunk finish(String finishReason) {
        return new ChatChunk(null, List.of(), null, finishReason);
    }
}
