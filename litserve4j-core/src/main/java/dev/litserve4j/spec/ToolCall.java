package dev.litserve4j.spec;

/**
 * A function call made by the assistant.
 *
 * @param arguments the arguments as a JSON text, as OpenAI sends them
 */
public record ToolCall(String id, String name, String arguments) {
}
