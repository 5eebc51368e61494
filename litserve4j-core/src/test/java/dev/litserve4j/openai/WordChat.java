package dev.litserve4j.openai;

import dev.litserve4j.Emitter;
import dev.litserve4j.HttpError;
import dev.litserve4j.LitApi;
import dev.litserve4j.RequestContext;
import dev.litserve4j.spec.ChatChunk;
import dev.litserve4j.spec.ChatRequest;
import dev.litserve4j.spec.OpenAiChatSpec;
import dev.litserve4j.spec.Spec;

/**
 * Streams the words of the last message back, one chunk each, then reports usage (one prompt token
 * per word of the message, one completion token per word sent). A message "fail" is refused with 503.
 */
final class WordChat implements LitApi<ChatRequest, Object> {

    @Override
    public Spec spec() {
        return new OpenAiChatSpec();
    }

    @Override
    public void predictStream(ChatRequest request, RequestContext context, Emitter<Object> out) throws Exception {
        String text = request.messages().get(request.messages().size() - 1).content();
        if (text.equals("fail")) {
            throw new HttpError(503, "model overloaded");
        }
        String[] words = text.split(" ");
        for (int i = 0; i < words.length; i++) {
            out.emit(i == 0 ? words[i] : " " + words[i]);
        }
        out.emit(ChatChunk.usage(words.length, words.length));
    }
}
