package dev.litserve4j.internal.spec;

import dev.litserve4j.RequestContext;
import dev.litserve4j.internal.engine.ErrorMapping;
import dev.litserve4j.internal.http.HttpExchange;
import dev.litserve4j.internal.http.StreamFormat;
import dev.litserve4j.internal.http.StreamSink;
import dev.litserve4j.internal.json.JsonCodec;
import dev.litserve4j.spec.ChatChunk;
import dev.litserve4j.spec.ChatRequest;
import dev.litserve4j.spec.ToolCall;
import dev.litserve4j.spec.Usage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.litserve4j.internal.engine.ClientGoneException;

/**
 * One chat completion being answered: a single id and creation time for all of its chunks (LitServe
 * changes them per chunk; OpenAI does not), the state of each choice, and the usage. Chunks arrive on
 * one worker thread, in order.
 */
final class ChatCompletion {

    private static final SecureRandom IDS = new SecureRandom();
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final ChatRequest request;
    private final RequestContext context;
    private final JsonCodec codec;
    private final String id;
    private final long created;
    private final List<Choice> choices = new ArrayList<>();
    private final boolean includeUsage;

    private static final class Choice {
        final StringBuilder content = new StringBuilder();
        final List<ToolCall> toolCalls = new ArrayList<>();
        Usage usage = new Usage(0, 0);
        String finishReason;
        boolean roleSent;
    }

    /** @param includeUsage whether a streamed answer ends with a usage chunk (the client's {@code include_usage}) */
    ChatCompletion(ChatRequest request, RequestContext context, JsonCodec codec, boolean includeUsage) {
        this.request = request;
        this.includeUsage = includeUsage;
        this.context = context;
        this.codec = codec;
        byte[] random = new byte[12];
        IDS.nextBytes(random);
        this.id = "chatcmpl-" + HexFormat.of().formatHex(random);
        this.created = System.currentTimeMillis() / 1000;
        for (int i = 0; i < request.n(); i++) {
            choices.add(new Choice());
        }
    }

    /** What a chunk adds to its choice; null when it only carried usage. */
    private ChatChunk accept(Object encoded) {
        ChatChunk chunk;
        if (encoded instanceof String) {
            chunk = ChatChunk.text((String) encoded);
        } else if (encoded instanceof ChatChunk) {
            chunk = (ChatChunk) encoded;
        } else {
            throw new IllegalStateException("a chat API emits String or ChatChunk, got "
                    + (encoded == null ? "null" : encoded.getClass().getName()));
        }
        Choice choice = choices.get(choiceIndex());
        choice.usage = choice.usage.plus(chunk.usage());
        if (chunk.content() != null) {
            choice.content.append(chunk.content());
        }
        choice.toolCalls.addAll(chunk.toolCalls());
        if (chunk.finishReason() != null) {
            choice.finishReason = chunk.finishReason();
        }
        return chunk.content() == null && chunk.toolCalls().isEmpty() ? null : chunk; // usage or finish only
    }

    private int choiceIndex() {
        Integer index = context.get(SpecCodec.CHOICE);
        return index == null ? 0 : index;
    }

    private String finishReason(Choice choice) {
        if (choice.finishReason != null) {
            return choice.finishReason;
        }
        return choice.toolCalls.isEmpty() ? "stop" : "tool_calls";
    }

    /** The prompt is read once whatever n is; each choice's completion counts. */
    private Map<String, Object> usageJson() {
        int prompt = 0;
        int completion = 0;
        for (Choice choice : choices) {
            prompt = Math.max(prompt, choice.usage.promptTokens());
            completion += choice.usage.completionTokens();
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("prompt_tokens", prompt);
        json.put("completion_tokens", completion);
        json.put("total_tokens", prompt + completion);
        return json;
    }

    /** @param first the position of {@code calls.get(0)} among the choice's calls (for indexes and ids) */
    private static List<Map<String, Object>> toolCallsJson(List<ToolCall> calls, int first, boolean withIndex) {
        List<Map<String, Object>> json = new ArrayList<>();
        for (int c = 0; c < calls.size(); c++) {
            ToolCall call = calls.get(c);
            int i = first + c;
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", call.name());
            function.put("arguments", call.arguments() == null ? "{}" : call.arguments());
            Map<String, Object> item = new LinkedHashMap<>();
            if (withIndex) {
                item.put("index", i);
            }
            item.put("id", call.id() == null ? "call_" + i : call.id());
            item.put("type", "function");
            item.put("function", function);
            json.add(item);
        }
        return json;
    }

    private Map<String, Object> envelope(String object) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("object", object);
        json.put("created", created);
        json.put("model", request.model());
        return json;
    }

    /** Server-sent events: one {@code chat.completion.chunk} per chunk, a closing chunk, {@code [DONE]}. */
    StreamFormat sseFormat() {
        return new StreamFormat() {
            @Override
            public String contentType() {
                return "text/event-stream; charset=utf-8";
            }

            @Override
            public byte[] chunk(Object encoded, JsonCodec ignored) {
                ChatChunk chunk = accept(encoded);
                if (chunk == null) {
                    return new byte[0];
                }
                Choice choice = choices.get(choiceIndex());
                Map<String, Object> delta = new LinkedHashMap<>();
                if (!choice.roleSent) {
                    delta.put("role", "assistant");
                    choice.roleSent = true;
                }
                if (chunk.content() != null) {
                    delta.put("content", chunk.content());
                }
                if (!chunk.toolCalls().isEmpty()) {
                    int first = choice.toolCalls.size() - chunk.toolCalls().size();
                    delta.put("tool_calls", toolCallsJson(chunk.toolCalls(), first, true));
                }
                return event(choiceChunk(List.of(choiceDelta(choiceIndex(), delta, null)), null));
            }

            @Override
            public byte[] error(ErrorMapping.Mapped error, JsonCodec ignored) {
                return event(OpenAiError.json(null, error, codec));
            }

            @Override
            public byte[] end() {
                List<Map<String, Object>> closing = new ArrayList<>();
                for (int i = 0; i < choices.size(); i++) {
                    closing.add(choiceDelta(i, Map.of(), finishReason(choices.get(i))));
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(event(choiceChunk(closing, null)));
                if (includeUsage) {
                    out.writeBytes(event(choiceChunk(List.of(), usageJson()))); // OpenAI's usage chunk
                }
                out.writeBytes(DONE);
                return out.toByteArray();
            }
        };
    }

    /** As OpenAI: with {@code include_usage} every chunk has {@code usage}, null but on the last; without, none. */
    private Map<String, Object> choiceChunk(List<Map<String, Object>> choiceDeltas, Map<String, Object> usageOrNull) {
        Map<String, Object> json = envelope("chat.completion.chunk");
        json.put("system_fingerprint", null);
        json.put("choices", choiceDeltas);
        if (includeUsage) {
            json.put("usage", usageOrNull);
        }
        return json;
    }

    private static Map<String, Object> choiceDelta(int index, Map<String, Object> delta, String finishReason) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("index", index);
        json.put("delta", delta);
        json.put("logprobs", null);
        json.put("finish_reason", finishReason);
        return json;
    }

    private byte[] event(Object json) {
        byte[] data = codec.write(json);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 8);
        out.writeBytes("data: ".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        out.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Gathers the chunks into one {@code chat.completion} answer. */
    StreamSink aggregator(HttpExchange exchange) {
        return new StreamSink() {
            @Override
            public void chunk(Object encoded) {
                if (exchange.state().isFinished() || !exchange.channel().isActive()) {
                    throw new ClientGoneException("the request was answered, or its client is gone");
                }
                accept(encoded);
            }

            @Override
            public void end() {
                List<Map<String, Object>> json = new ArrayList<>();
                for (int i = 0; i < choices.size(); i++) {
                    Choice choice = choices.get(i);
                    Map<String, Object> message = new LinkedHashMap<>();
                    message.put("role", "assistant");
                    message.put("content", choice.content.length() == 0 && !choice.toolCalls.isEmpty() ? null
                            : choice.content.toString());
                    if (!choice.toolCalls.isEmpty()) {
                        message.put("tool_calls", toolCallsJson(choice.toolCalls, 0, false));
                    }
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("index", i);
                    item.put("message", message);
                    item.put("logprobs", null);
                    item.put("finish_reason", finishReason(choice));
                    json.add(item);
                }
                Map<String, Object> answer = envelope("chat.completion");
                answer.put("choices", json);
                answer.put("usage", usageJson());
                exchange.sendJson(200, codec.write(answer));
            }

            @Override
            public boolean error(Throwable error, boolean cut) {
                return exchange.sendError(error); // nothing is written before the whole answer
            }

            @Override
            public boolean isCancelled() {
                return !exchange.channel().isActive();
            }
        };
    }
}
