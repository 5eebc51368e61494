package dev.litserve4j.benchmarks.rolling;

import dev.litserve4j.Emitter;
import dev.litserve4j.LitApi;
import dev.litserve4j.RequestContext;
import dev.litserve4j.spec.ChatChunk;
import dev.litserve4j.spec.ChatRequest;
import dev.litserve4j.spec.OpenAiChatSpec;
import dev.litserve4j.spec.Spec;

/**
 * The replica of the rolling-restart proof (benchmarks/rolling.sh): an OpenAI chat API that echoes the
 * last user message word by word, {@value #PAUSE_MS} ms apart, so that a stream of twenty words is
 * still being written when its replica is told to stop, and a one-word plain answer is not held up.
 * Plain and streaming requests reach the same server, as they do a real chat model's.
 */
public final class PacedChatApi implements LitApi<ChatRequest, Object> {

    static final long PAUSE_MS = 5;

    @Override
    public Spec spec() {
        return new OpenAiChatSpec();
    }

    @Override
    public void predictStream(ChatRequest request, RequestContext context, Emitter<Object> out)
            throws InterruptedException {
        String[] words = request.lastUserText().trim().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                Thread.sleep(PAUSE_MS);
            }
            out.emit(i == 0 ? words[i] : " " + words[i]);
        }
        out.emit(ChatChunk.usage(words.length, words.length));
    }
}
