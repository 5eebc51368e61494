package dev.litserve4j.spec;

import java.util.List;
import java.util.Map;

/**
 * A chat completions request, validated.
 *
 * @param n how many completions to generate (the API's {@code predictStream} runs once per choice)
 * @param tools the tools offered, as sent ({@code {"type": "function", "function": {...}}})
 * @param toolChoice {@code "auto"}, {@code "none"}, {@code "required"} or a named-function object
 * @param responseFormat as sent, or null
 * @param maxTokens {@code max_completion_tokens}, else {@code max_tokens}, else null
 * @param params every field of the request except {@code messages}, as sent
 */
public record ChatRequest(String model, List<ChatMessage> messages, int n, boolean stream,
        List<Map<String, Object>> tools, Object toolChoice, Map<String, Object> responseFormat, Integer maxTokens,
        Map<String, Object> params) {

    public ChatRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        params = Map.copyOf(params);
    }

    /** The text of the last message whose role is {@code user}, or "" when there is none. */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).content();
            }
        }
        return "";
    }

    /** The names of the tools offered (functions and custom tools). */
    public List<String> toolNames() {
        return tools.stream().map(t -> t.get(String.valueOf(t.get("type")))).filter(Map.class::isInstance)
                .map(f -> String.valueOf(((Map<?, ?>) f).get("name"))).toList();
    }
}
