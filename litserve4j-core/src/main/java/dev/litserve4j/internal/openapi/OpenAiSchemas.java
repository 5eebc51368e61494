package dev.litserve4j.internal.openapi;

import static dev.litserve4j.internal.openapi.Schemas.anyOf;
import static dev.litserve4j.internal.openapi.Schemas.array;
import static dev.litserve4j.internal.openapi.Schemas.bool;
import static dev.litserve4j.internal.openapi.Schemas.constant;
import static dev.litserve4j.internal.openapi.Schemas.described;
import static dev.litserve4j.internal.openapi.Schemas.integer;
import static dev.litserve4j.internal.openapi.Schemas.number;
import static dev.litserve4j.internal.openapi.Schemas.object;
import static dev.litserve4j.internal.openapi.Schemas.oneOfStrings;
import static dev.litserve4j.internal.openapi.Schemas.string;
import static dev.litserve4j.internal.openapi.Schemas.types;

import java.util.List;
import java.util.Map;

/**
 * OpenAI's request and answer shapes as this server reads and writes them (the validation of
 * {@code internal/spec}): fields it checks have their limits here; other fields are accepted and
 * passed to the API in its request context.
 */
final class OpenAiSchemas {

    private static final long MAX_INT = Integer.MAX_VALUE;

    private final Components components;

    OpenAiSchemas(Components components) {
        this.components = components;
    }

    Map<String, Object> chatRequest() {
        Map<String, Object> part = object(List.of("type"),
                "type", oneOfStrings(List.of("text", "image_url", "input_audio", "refusal", "file")),
                "text", string(),
                "image_url", anyOf(string(), object(List.of("url"), "url", string("A URL or a data: URL"),
                        "detail", oneOfStrings(List.of("auto", "low", "high")))),
                "input_audio", object(List.of("data", "format"), "data", string("Base64 audio"),
                        "format", oneOfStrings(List.of("wav", "mp3"))),
                "refusal", string(),
                "file", Schemas.map("type", "object"));
        Map<String, Object> message = object(List.of("role"),
                "role", oneOfStrings(List.of("system", "developer", "user", "assistant", "tool", "function")),
                "content", described(anyOf(string(), array(part), types("null")),
                        "Required but for an assistant message that makes tool calls"),
                "name", string(),
                "tool_calls", array(object(List.of("function"), "id", string(), "type", constant("function"),
                        "function", object(List.of("name"), "name", string(), "arguments", string("JSON text")))),
                "tool_call_id", string("Required in a tool message: the call it answers"));
        Map<String, Object> named = object(List.of("name"), "name", string());
        Map<String, Object> tool = object(List.of("type"),
                "type", oneOfStrings(List.of("function", "custom")),
                "function", object(List.of("name"), "name", string(), "description", string(),
                        "parameters", described(Schemas.map("type", "object"), "A JSON Schema of the arguments")),
                "custom", named);
        Map<String, Object> maxTokens = integer(1, MAX_INT);
        return components.schema("openai.ChatCompletionRequest", object(List.of("messages"),
                "model", string("Echoed in the answer"),
                "messages", Schemas.map("type", "array", "items", message, "minItems", 1),
                "n", described(integer(1, 128), "Completions to generate (default 1)"),
                "stream", described(bool(), "Answer with server-sent events (default false)"),
                "stream_options", object(List.of(), "include_usage",
                        described(bool(), "End the stream with a usage chunk whose choices are empty")),
                "temperature", number(0, 2),
                "top_p", number(0, 1),
                "presence_penalty", number(-2, 2),
                "frequency_penalty", number(-2, 2),
                "max_completion_tokens", maxTokens,
                "max_tokens", described(integer(1, MAX_INT), "Used when max_completion_tokens is not given"),
                "stop", anyOf(string(), array(string())),
                "reasoning_effort", oneOfStrings(List.of("none", "minimal", "low", "medium", "high", "xhigh")),
                "tools", array(tool),
                "tool_choice", anyOf(oneOfStrings(List.of("none", "auto", "required")), object(List.of("type"),
                        "type", oneOfStrings(List.of("function", "custom", "allowed_tools")),
                        "function", named, "custom", named)),
                "response_format", object(List.of("type"),
                        "type", oneOfStrings(List.of("text", "json_object", "json_schema")),
                        "json_schema", object(List.of("name"), "name", string(), "schema", Schemas.any(),
                                "strict", bool()))));
    }

    Map<String, Object> chatCompletion() {
        Map<String, Object> message = object(List.of("role", "content"),
                "role", constant("assistant"),
                "content", types("string", "null"),
                "tool_calls", array(toolCall(false)));
        Map<String, Object> choice = object(List.of("index", "message", "logprobs", "finish_reason"),
                "index", integer(), "message", message, "logprobs", types("null"), "finish_reason", finishReason());
        return components.schema("openai.ChatCompletion", object(List.of("id", "object", "created", "model",
                        "choices", "usage"),
                "id", string(), "object", constant("chat.completion"), "created", integer(), "model", string(),
                "choices", array(choice), "usage", usage(true)));
    }

    /** One event's data; the stream is {@code data: <chunk>} events, then {@code data: [DONE]}. */
    Map<String, Object> chatChunk() {
        Map<String, Object> delta = object(List.of(),
                "role", constant("assistant"), "content", string(), "tool_calls", array(toolCall(true)));
        Map<String, Object> choice = object(List.of("index", "delta", "logprobs", "finish_reason"),
                "index", integer(), "delta", delta, "logprobs", types("null"),
                "finish_reason", described(anyOf(finishReason(), types("null")), "Set on the closing chunk"));
        return components.schema("openai.ChatCompletionChunk", object(List.of("id", "object", "created", "model",
                        "system_fingerprint", "choices"),
                "id", string(), "object", constant("chat.completion.chunk"), "created", integer(), "model", string(),
                "system_fingerprint", types("null"),
                "choices", array(choice),
                "usage", described(anyOf(usage(true), types("null")),
                        "With include_usage only: null on every chunk but the last, which has the usage")));
    }

    /** @param dimensions whether the spec accepts {@code dimensions} (a request with it is refused otherwise) */
    Map<String, Object> embeddingsRequest(boolean dimensions) {
        Map<String, Object> request = object(List.of("model", "input"),
                "model", string("Echoed in the answer"),
                "input", described(anyOf(string(), array(string()), array(integer()), array(array(integer()))),
                        "A text, texts, a token-id array, or token-id arrays; none empty"),
                "encoding_format", described(oneOfStrings(List.of("float", "base64")),
                        "base64 sends little-endian float32 (default float)"),
                "user", string());
        if (!dimensions) {
            return components.schema("openai.EmbeddingsRequest", request);
        }
        properties(request).put("dimensions",
                described(integer(1, 65_536), "Truncate the vectors to this size and normalise them again"));
        return components.schema("openai.EmbeddingsRequestWithDimensions", request);
    }

    Map<String, Object> embeddings() {
        Map<String, Object> item = object(List.of("object", "index", "embedding"),
                "object", constant("embedding"), "index", integer(),
                "embedding", anyOf(array(number()), described(string(), "base64 little-endian float32")));
        return components.schema("openai.Embeddings", object(List.of("object", "data", "model", "usage"),
                "object", constant("list"), "data", array(item), "model", string(), "usage", usage(false)));
    }

    Map<String, Object> model() {
        return components.schema("openai.Model", object(List.of("id", "object", "created", "owned_by"),
                "id", string("The API's name"), "object", constant("model"),
                "created", described(integer(), "When the server started, in Unix seconds"),
                "owned_by", constant("litserve4j")));
    }

    Map<String, Object> modelList() {
        return components.schema("openai.ModelList", object(List.of("object", "data"),
                "object", constant("list"), "data", array(model())));
    }

    private static Map<String, Object> toolCall(boolean streamed) {
        Map<String, Object> function = object(List.of("name", "arguments"), "name", string(),
                "arguments", string("JSON text"));
        return streamed
                ? object(List.of("index", "id", "type", "function"), "index", integer(), "id", string(),
                        "type", constant("function"), "function", function)
                : object(List.of("id", "type", "function"), "id", string(), "type", constant("function"),
                        "function", function);
    }

    private static Map<String, Object> finishReason() {
        return described(string(), "stop, tool_calls, or what the API chose (such as length)");
    }

    private static Map<String, Object> usage(boolean completion) {
        return completion
                ? object(List.of("prompt_tokens", "completion_tokens", "total_tokens"), "prompt_tokens", integer(),
                        "completion_tokens", integer(), "total_tokens", integer())
                : object(List.of("prompt_tokens", "total_tokens"), "prompt_tokens", integer(),
                        "total_tokens", integer());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> object) {
        return (Map<String, Object>) object.get("properties");
    }
}
