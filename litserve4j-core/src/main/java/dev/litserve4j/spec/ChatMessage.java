package dev.litserve4j.spec;

import java.util.List;

/**
 * One message of a conversation.
 *
 * @param content the text: the message's string content, or its text parts joined; "" when none
 * @param parts the parts of a multi-part content (text, image, audio); empty for string content
 * @param toolCalls the calls an assistant message made, if any
 * @param toolCallId for a {@code tool} message, the call it answers
 */
public record ChatMessage(String role, String content, List<Part> parts, String name, List<ToolCall> toolCalls,
        String toolCallId) {

    public ChatMessage {
        parts = parts == null ? List.of() : List.copyOf(parts);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /**
     * A content part.
     *
     * @param type {@code text}, {@code image_url} or {@code input_audio}
     * @param imageUrl for images: a URL or a {@code data:} URL
     * @param audioData for audio: base64 data; {@code audioFormat} is {@code wav} or {@code mp3}
     */
    public record Part(String type, String text, String imageUrl, String imageDetail, String audioData,
            String audioFormat) {
    }
}
