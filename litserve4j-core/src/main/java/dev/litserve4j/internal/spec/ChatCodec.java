package dev.litserve4j.internal.spec;

import dev.litserve4j.RequestContext;
import dev.litserve4j.internal.http.HttpExchange;
import dev.litserve4j.internal.http.StreamSink;
import dev.litserve4j.internal.http.StreamWriter;
import dev.litserve4j.internal.json.JsonCodec;
import dev.litserve4j.spec.ChatMessage;
import dev.litserve4j.spec.ChatRequest;
import dev.litserve4j.spec.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** OpenAI's chat completions: request validation, and the SSE or one-JSON answer. */
final class ChatCodec implements SpecCodec {

    static final String REQUEST = "litserve4j.chat.request";
    /** Whether a streamed answer ends with a usage chunk ({@code stream_options.include_usage}). */
    static final String INCLUDE_USAGE = "litserve4j.chat.include_usage";
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final Set<String> AUDIO_FORMATS = Set.of("wav", "mp3");
    private static final Set<String> RESPONSE_FORMATS = Set.of("text", "json_object", "json_schema");
    private static final Set<String> TOOL_CHOICES = Set.of("none", "auto", "required");

    private final JsonCodec codec;

    ChatCodec(JsonCodec codec) {
        this.codec = codec;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object decode(byte[] body, RequestContext context) {
        Fields f = Fields.read(codec, body);
        Map<String, Object> json = f.all();
        List<?> rawMessages = f.list("messages", true);
        if (rawMessages.isEmpty()) {
            throw Fields.error("messages", "must hold at least one message");
        }
        List<ChatMessage> messages = new ArrayList<>(rawMessages.size());
        for (int i = 0; i < rawMessages.size(); i++) {
            if (!(rawMessages.get(i) instanceof Map)) {
                throw Fields.invalid("messages[" + i + "]", "an object", rawMessages.get(i));
            }
            messages.add(message((Map<String, Object>) rawMessages.get(i), "messages[" + i + "]."));
        }
        int n = f.has("n") ? f.integer("n", 1, 128) : 1;
        boolean stream = f.bool("stream", false);
        Map<String, Object> streamOptions = f.object("stream_options", false);
        // Accepted without "stream" too (OpenAI refuses it): a whole answer carries its usage anyway.
        boolean includeUsage = streamOptions != null
                && new Fields(streamOptions, "stream_options.").bool("include_usage", false);
        f.number("temperature", 0, 2);
        f.number("top_p", 0, 1);
        f.number("presence_penalty", -2, 2);
        f.number("frequency_penalty", -2, 2);
        Integer maxCompletion = f.integer("max_completion_tokens", 1, Integer.MAX_VALUE);
        Integer maxTokens = f.integer("max_tokens", 1, Integer.MAX_VALUE);
        Object stop = f.raw("stop");
        if (stop != null && !(stop instanceof String)
                && !(stop instanceof List && ((List<?>) stop).stream().allMatch(String.class::isInstance))) {
            throw Fields.invalid("stop", "a string or an array of strings", stop);
        }
        f.oneOf("reasoning_effort", Set.of("none", "minimal", "low", "medium", "high", "xhigh"), null);
        List<Map<String, Object>> tools = tools(f);
        Object toolChoice = toolChoice(f, tools);
        Map<String, Object> responseFormat = f.object("response_format", false);
        if (responseFormat != null) {
            Fields rf = new Fields(responseFormat, "response_format.");
            String type = rf.string("type", true);
            if (!RESPONSE_FORMATS.contains(type)) {
                throw Fields.invalid("response_format.type", "one of " + RESPONSE_FORMATS, type);
            }
            if (type.equals("json_schema")) {
                new Fields(rf.object("json_schema", true), "response_format.json_schema.").string("name", true);
            }
        }
        String model = f.string("model", false);
        Map<String, Object> params = new java.util.LinkedHashMap<>(json);
        params.remove("messages");
        params.values().removeIf(java.util.Objects::isNull);
        params.forEach(context::put);
        ChatRequest request = new ChatRequest(model == null ? "" : model, messages, n, stream, tools, toolChoice,
                responseFormat, maxCompletion != null ? maxCompletion : maxTokens, params);
        context.put(REQUEST, request);
        context.put(INCLUDE_USAGE, includeUsage);
        return request;
    }

    @SuppressWarnings("unchecked")
    private static ChatMessage message(Map<String, Object> json, String prefix) {
        Fields f = new Fields(json, prefix);
        String role = f.string("role", true);
        if (!ROLES.contains(role)) {
            throw Fields.invalid(prefix + "role", "one of " + ROLES, role);
        }
        Object content = f.raw("content");
        if (content == null && !role.equals("assistant")) {
            throw Fields.error(prefix + "content", "is required for a " + role + " message");
        }
        if (role.equals("tool")) {
            f.string("tool_call_id", true);
        }
        List<ChatMessage.Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        if (content instanceof String) {
            text.append(content);
        } else if (content instanceof List) {
            List<?> rawParts = (List<?>) content;
            for (int i = 0; i < rawParts.size(); i++) {
                if (!(rawParts.get(i) instanceof Map)) {
                    throw Fields.invalid(prefix + "content[" + i + "]", "an object", rawParts.get(i));
                }
                ChatMessage.Part part = part((Map<String, Object>) rawParts.get(i), prefix + "content[" + i + "].");
                parts.add(part);
                if (part.text() != null) {
                    text.append(part.text());
                }
            }
        } else if (content != null) {
            throw Fields.invalid(prefix + "content", "a string, an array of parts, or null", content);
        }
        List<ToolCall> toolCalls = new ArrayList<>();
        List<?> rawCalls = f.list("tool_calls", false);
        if (rawCalls != null) {
            for (int i = 0; i < rawCalls.size(); i++) {
                if (!(rawCalls.get(i) instanceof Map)) {
                    throw Fields.invalid(prefix + "tool_calls[" + i + "]", "an object", rawCalls.get(i));
                }
                Fields call = new Fields((Map<String, Object>) rawCalls.get(i), prefix + "tool_calls[" + i + "].");
                Fields function = new Fields(call.object("function", true), prefix + "tool_calls[" + i + "].function.");
                toolCalls.add(new ToolCall(call.string("id", false), function.string("name", true),
                        function.string("arguments", false)));
            }
        }
        return new ChatMessage(role, text.toString(), parts, f.string("name", false), toolCalls,
                f.string("tool_call_id", false));
    }

    private static ChatMessage.Part part(Map<String, Object> json, String prefix) {
        Fields f = new Fields(json, prefix);
        String type = f.string("type", true);
        switch (type) {
            case "text":
                return new ChatMessage.Part(type, f.string("text", true), null, null, null, null);
            case "image_url": {
                Object image = f.raw("image_url");
                if (image instanceof String) {
                    return new ChatMessage.Part(type, null, (String) image, null, null, null);
                }
                Fields url = new Fields(f.object("image_url", true), prefix + "image_url.");
                return new ChatMessage.Part(type, null, url.string("url", true),
                        url.oneOf("detail", Set.of("auto", "low", "high"), null), null, null);
            }
            case "input_audio": {
                Fields audio = new Fields(f.object("input_audio", true), prefix + "input_audio.");
                String data = audio.string("data", true);
                String format = audio.string("format", true);
                if (!AUDIO_FORMATS.contains(format)) {
                    throw Fields.invalid(prefix + "input_audio.format", "'wav' or 'mp3'", format);
                }
                return new ChatMessage.Part(type, null, null, null, data, format);
            }
            case "refusal":
                return new ChatMessage.Part(type, f.string("refusal", true), null, null, null, null);
            case "file":
                f.object("file", true);
                return new ChatMessage.Part(type, null, null, null, null, null);
            default:
                throw Fields.invalid(prefix + "type", "'text', 'image_url', 'input_audio', 'file' or 'refusal'", type);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tools(Fields f) {
        List<?> raw = f.list("tools", false);
        if (raw == null) {
            return List.of();
        }
        List<Map<String, Object>> tools = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof Map)) {
                throw Fields.invalid("tools[" + i + "]", "an object", raw.get(i));
            }
            Map<String, Object> tool = (Map<String, Object>) raw.get(i);
            Fields t = new Fields(tool, "tools[" + i + "].");
            String type = t.string("type", true);
            if (!type.equals("function") && !type.equals("custom")) {
                throw Fields.invalid("tools[" + i + "].type", "\"function\" or \"custom\"", type);
            }
            new Fields(t.object(type, true), "tools[" + i + "]." + type + ".").string("name", true);
            tools.add(tool);
        }
        return tools;
    }

    private static Object toolChoice(Fields f, List<Map<String, Object>> tools) {
        Object choice = f.raw("tool_choice");
        if (choice == null) {
            return tools.isEmpty() ? "none" : "auto";
        }
        if (choice instanceof String) {
            if (!TOOL_CHOICES.contains(choice)) {
                throw Fields.invalid("tool_choice", "one of " + TOOL_CHOICES + " or {\"type\": \"function\", ...}", choice);
            }
            if (choice.equals("required") && tools.isEmpty()) {
                throw Fields.error("tool_choice", "is \"required\" but no 'tools' are offered");
            }
            return choice;
        }
        Map<String, Object> named = f.object("tool_choice", false);
        Fields c = new Fields(named, "tool_choice.");
        String type = c.oneOf("type", Set.of("function", "custom", "allowed_tools"), null);
        if (type == null) {
            throw Fields.error("tool_choice.type", "is required");
        }
        if (!type.equals("allowed_tools")) {
            String name = new Fields(c.object(type, true), "tool_choice." + type + ".").string("name", true);
            boolean offered = tools.stream().anyMatch(t -> t.get(type) instanceof Map
                    && name.equals(((Map<?, ?>) t.get(type)).get("name")));
            if (!offered) {
                throw Fields.error("tool_choice." + type + ".name", "is \"" + name + "\", which is not among the 'tools'");
            }
        }
        return named;
    }

    @Override
    public int choices(Object decoded) {
        return ((ChatRequest) decoded).n();
    }

    @Override
    public byte[] encode(Object output, RequestContext context) {
        throw new UnsupportedOperationException("chat answers are built from the streamed chunks");
    }

    @Override
    public StreamSink sink(HttpExchange exchange, RequestContext context, JsonCodec codec) {
        ChatRequest request = context.get(REQUEST);
        ChatCompletion completion = new ChatCompletion(request, context, codec,
                Boolean.TRUE.equals(context.get(INCLUDE_USAGE)));
        return request.stream() ? new StreamWriter(exchange, completion.sseFormat(), codec)
                : completion.aggregator(exchange);
    }
}
