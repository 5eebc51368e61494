package dev.litserve4j.examples;

import dev.litserve4j.Emitter;
import dev.litserve4j.LitApi;
import dev.litserve4j.RequestContext;
import dev.litserve4j.spec.ChatChunk;
import dev.litserve4j.spec.ChatMessage;
import dev.litserve4j.spec.ChatRequest;
import dev.litserve4j.spec.OpenAiChatSpec;
import dev.litserve4j.spec.Spec;
import dev.litserve4j.spec.ToolCall;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI chat API without a model: streams the last user message back word by word and reports
 * usage (words stand for tokens). When the request offers tools and the message says
 * "call &lt;toolname&gt;", it answers with a call of that tool instead.
 */
public final class EchoChatApi implements LitApi<ChatRequest, Object> {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final Pattern CALL = Pattern.compile("\\bcall\\s+([A-Za-z0-9_-]+)");

    @Override
    public Spec spec() {
        return new OpenAiChatSpec();
    }

    @Override
    public void predictStream(ChatRequest request, RequestContext context, Emitter<Object> out)
            throws InterruptedException {
        String text = request.lastUserText();
        int promptTokens = 0;
        for (ChatMessage message : request.messages()) {
            promptTokens += words(message.content()).length;
        }
        Matcher call = CALL.matcher(text);
        if (!"none".equals(request.toolChoice()) && call.find() && request.toolNames().contains(call.group(1))) {
            String arguments;
            try {
                arguments = JSON.writeValueAsString(java.util.Map.of("text", text));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            out.emit(ChatChunk.toolCalls(new ToolCall("call_" + Integer.toHexString(text.hashCode()), call.group(1),
                    arguments)));
            out.emit(ChatChunk.usage(promptTokens, 1));
            return;
        }
        String[] words = words(text);
        for (int i = 0; i < words.length; i++) {
            out.emit(i == 0 ? words[i] : " " + words[i]);
        }
        out.emit(ChatChunk.usage(promptTokens, words.length));
    }

    private static String[] words(String text) {
        String trimmed = text.trim();
        return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    }
}
