package dev.litserve4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.FunctionDefinition;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.litserve4j.LitApi;
import dev.litserve4j.LitServer;
import dev.litserve4j.RequestContext;
import dev.litserve4j.spec.Embeddings;
import dev.litserve4j.spec.EmbeddingsRequest;
import dev.litserve4j.spec.Spec;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK against our server, unmodified but for its base URL and key. */
class OpenAiClientIT {

    private static OpenAIClient client(LitServer server) {
        return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + server.port() + "/v1").apiKey("unused")
                .maxRetries(0).build();
    }

    private static ChatCompletionCreateParams.Builder chat(String text) {
        return ChatCompletionCreateParams.builder().model("echo").addUserMessage(text);
    }

    @Test
    void chatCompletionReturnsTheEchoWithUsage() {
        try (LitServer server = Servers.local().api(new EchoChatApi()).build().start()) {
            ChatCompletion completion = client(server).chat().completions().create(chat("hello big world").build());

            assertThat(completion.choices()).hasSize(1);
            assertThat(completion.choices().get(0).message().content()).hasValue("hello big world");
            assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
            assertThat(completion.model()).isEqualTo("echo");
            assertThat(completion.usage()).hasValueSatisfying(u -> {
                assertThat(u.promptTokens()).isEqualTo(3);
                assertThat(u.completionTokens()).isEqualTo(3);
                assertThat(u.totalTokens()).isEqualTo(6);
            });
        }
    }

    @Test
    void streamedChatArrivesWordByWordUnderOneIdWithAUsageChunkWhenAsked() {
        ChatCompletionStreamOptions withUsage = ChatCompletionStreamOptions.builder().includeUsage(true).build();
        try (LitServer server = Servers.local().api(new EchoChatApi()).build().start();
                StreamResponse<ChatCompletionChunk> stream = client(server).chat().completions()
                        .createStreaming(chat("lit serve for java").streamOptions(withUsage).build())) {
            List<ChatCompletionChunk> chunks = stream.stream().toList();

            StringBuilder text = new StringBuilder();
            Set<String> ids = new HashSet<>();
            Set<Long> created = new HashSet<>();
            for (ChatCompletionChunk chunk : chunks) {
                ids.add(chunk.id());
                created.add(chunk.created());
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
            }
            assertThat(text.toString()).isEqualTo("lit serve for java");
            assertThat(chunks).hasSizeGreaterThanOrEqualTo(6); // four words, the closing chunk, the usage chunk
            assertThat(ids).hasSize(1);
            assertThat(created).hasSize(1);
            ChatCompletionChunk closing = chunks.get(chunks.size() - 2);
            assertThat(closing.choices().get(0).finishReason()).hasValue(ChatCompletionChunk.Choice.FinishReason.STOP);
            assertThat(closing.usage()).isEmpty();
            ChatCompletionChunk usage = chunks.get(chunks.size() - 1);
            assertThat(usage.choices()).isEmpty();
            assertThat(usage.usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isEqualTo(4));
        }
    }

    @Test
    void streamedChatHasNoUsageChunkWhenNotAsked() {
        try (LitServer server = Servers.local().api(new EchoChatApi()).build().start();
                StreamResponse<ChatCompletionChunk> stream = client(server).chat().completions()
                        .createStreaming(chat("lit serve for java").build())) {
            List<ChatCompletionChunk> chunks = stream.stream().toList();

            assertThat(chunks).allSatisfy(chunk -> {
                assertThat(chunk.usage()).isEmpty();
                assertThat(chunk.choices()).hasSize(1);
            });
            assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason())
                    .hasValue(ChatCompletionChunk.Choice.FinishReason.STOP);
        }
    }

    @Test
    void theModelListNamesTheChatApi() {
        try (LitServer server = Servers.local().api(new EchoChatApi()).build().start()) {
            List<Model> models = client(server).models().list().data();

            assertThat(models).extracting(Model::id).containsExactly("EchoChatApi");
            assertThat(models.get(0).ownedBy()).isEqualTo("litserve4j");
            assertThat(client(server).models().retrieve("EchoChatApi").id()).isEqualTo("EchoChatApi");
        }
    }

    @Test
    void theSdkReadsMessageParamAndTypeOfAnError() {
        try (LitServer server = Servers.local().api(new EchoChatApi()).build().start()) {
            ChatCompletionCreateParams badN = chat("x").n(0).build();

            assertThatThrownBy(() -> client(server).chat().completions().create(badN))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.param()).hasValue("n");
                        assertThat(e.type()).hasValue("invalid_request_error");
                        assertThat(e.getMessage()).contains("'n' must be a whole number from 1 to 128");
                    });
        }
    }

    @Test
    void streamEndsWithDoneOnTheWire() {
        try (LitServer server = Servers.local().api(new EchoChatApi()).build().start()) {
            HttpResponse<String> response = new Http(server.port()).post("/v1/chat/completions",
                    "{\"model\":\"echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}]}");
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("text/event-stream"));
            assertThat(response.body()).startsWith("data: {").endsWith("\n\ndata: [DONE]\n\n");
        }
    }

    @Test
    void offeredToolIsCalledWhenTheMessageAsksForIt() {
        ChatCompletionFunctionTool weather = ChatCompletionFunctionTool.builder()
                .function(FunctionDefinition.builder().name("get_weather").description("today's weather").build())
                .build();
        try (LitServer server = Servers.local().api(new EchoChatApi()).build().start()) {
            ChatCompletion completion = client(server).chat().completions()
                    .create(chat("please call get_weather for Paris").addTool(weather).build());

            ChatCompletion.Choice choice = completion.choices().get(0);
            assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
            ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
            assertThat(call.function().name()).isEqualTo("get_weather");
            assertThat(call.function().arguments()).contains("Paris");
            assertThat(call.id()).isNotBlank();
        }
    }

    @Test
    void invalidChatRequestIs400NamingTheField() {
        try (LitServer server = Servers.local().api(new EchoChatApi()).build().start()) {
            Http http = new Http(server.port());
            HttpResponse<String> noMessages = http.post("/v1/chat/completions", "{\"model\":\"echo\"}");
            assertThat(noMessages.statusCode()).isEqualTo(400);
            assertThat(noMessages.body()).contains("'messages' is required");
            HttpResponse<String> badAudio = http.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\","
                    + "\"content\":[{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AA==\",\"format\":\"flac\"}}]}]}");
            assertThat(badAudio.statusCode()).isEqualTo(400);
            assertThat(badAudio.body()).contains("messages[0].content[0].input_audio.format");
            HttpResponse<String> badN = http.post("/v1/chat/completions",
                    "{\"n\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
            assertThat(badN.body()).contains("'n' must be");
        }
    }

    @Test
    void streamedToolCallReachesTheSdkWithItsNameAndArguments() {
        ChatCompletionFunctionTool weather = ChatCompletionFunctionTool.builder()
                .function(FunctionDefinition.builder().name("get_weather").build()).build();
        try (LitServer server = Servers.local().api(new EchoChatApi()).build().start();
                StreamResponse<ChatCompletionChunk> stream = client(server).chat().completions()
                        .createStreaming(chat("call get_weather \"quoted\"\nnext line").addTool(weather).build())) {
            List<ChatCompletionChunk> chunks = stream.stream().toList();
            List<com.openai.models.chat.completions.ChatCompletionChunk.Choice.Delta.ToolCall> calls = chunks.stream()
                    .flatMap(c -> c.choices().stream()).flatMap(c -> c.delta().toolCalls().stream())
                    .flatMap(List::stream).toList();
            assertThat(calls).hasSize(1);
            assertThat(calls.get(0).index()).isZero();
            assertThat(calls.get(0).function()).hasValueSatisfying(f -> {
                assertThat(f.name()).hasValue("get_weather");
                assertThat(f.arguments()).hasValue("{\"text\":\"call get_weather \\\"quoted\\\"\\nnext line\"}");
            });
            assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason())
                    .hasValue(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS);
        }
    }

    @Test
    void nChoicesAreGeneratedAndThePromptCountsOnce() {
        try (LitServer server = Servers.local().api(new EchoChatApi()).build().start()) {
            ChatCompletion completion = client(server).chat().completions().create(chat("two words").n(2).build());
            assertThat(completion.choices()).hasSize(2);
            assertThat(completion.choices()).allSatisfy(c -> assertThat(c.message().content()).hasValue("two words"));
            assertThat(completion.choices().get(1).index()).isEqualTo(1);
            assertThat(completion.usage()).hasValueSatisfying(u -> {
                assertThat(u.promptTokens()).isEqualTo(2);
                assertThat(u.completionTokens()).isEqualTo(4);
            });
        }
    }

    @Test
    void imageAndAudioPartsReachTheApiAndAnUnknownChoiceIndexFieldIsHarmless() {
        List<dev.litserve4j.spec.ChatMessage.Part> parts = new CopyOnWriteArrayList<>();
        LitApi<dev.litserve4j.spec.ChatRequest, Object> api = new LitApi<>() {
            @Override
            public Spec spec() {
                return new dev.litserve4j.spec.OpenAiChatSpec();
            }

            @Override
            public Object predict(dev.litserve4j.spec.ChatRequest request) {
                parts.addAll(request.messages().get(0).parts());
                return dev.litserve4j.spec.ChatChunk.finish("length");
            }
        };
        try (LitServer server = Servers.local().api(api).build().start()) {
            HttpResponse<String> response = new Http(server.port()).post("/v1/chat/completions",
                    "{\"choice_index\": 7, \"messages\":[{\"role\":\"user\",\"content\":["
                            + "{\"type\":\"text\",\"text\":\"what is this?\"},"
                            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA==\",\"detail\":\"low\"}},"
                            + "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AA==\",\"format\":\"wav\"}}]}]}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"finish_reason\":\"length\"");
            assertThat(parts).extracting(dev.litserve4j.spec.ChatMessage.Part::type)
                    .containsExactly("text", "image_url", "input_audio");
            assertThat(parts.get(1).imageUrl()).isEqualTo("data:image/png;base64,AA==");
            assertThat(parts.get(2).audioFormat()).isEqualTo("wav");
        }
    }

    @Test
    void aNonStreamedChatStillSlowAtTheDeadlineGets504() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        LitApi<dev.litserve4j.spec.ChatRequest, Object> slow = new LitApi<>() {
            @Override
            public Spec spec() {
                return new dev.litserve4j.spec.OpenAiChatSpec();
            }

            @Override
            public void predictStream(dev.litserve4j.spec.ChatRequest request, RequestContext context,
                    dev.litserve4j.Emitter<Object> out) throws InterruptedException {
                out.emit("first");
                release.await(30, java.util.concurrent.TimeUnit.SECONDS); // generation stalls after a chunk
                out.emit(" second");
            }
        };
        try (LitServer server = Servers.local().api(slow).timeout(java.time.Duration.ofMillis(300)).build().start()) {
            HttpResponse<String> response = new Http(server.port()).post("/v1/chat/completions",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(response.body()).isEqualTo("{\"error\":{\"message\":\"Request timed out\",\"type\":\"server_error\","
                    + "\"param\":null,\"code\":null}}");
        } finally {
            release.countDown();
        }
    }

    /** Fails after its first word, or records the request fields it finds in the context. */
    static final class Probing implements LitApi<dev.litserve4j.spec.ChatRequest, Object> {
        final List<Object> seen = new CopyOnWriteArrayList<>();

        @Override
        public Spec spec() {
            return new dev.litserve4j.spec.OpenAiChatSpec();
        }

        @Override
        public void predictStream(dev.litserve4j.spec.ChatRequest request, RequestContext context,
                dev.litserve4j.Emitter<Object> out) throws InterruptedException {
            seen.add(context.get("temperature"));
            seen.add(context.get("max_completion_tokens"));
            seen.add(context.get("response_format"));
            seen.add(context.get("messages"));
            out.emit("first");
            if (request.lastUserText().contains("fail")) {
                throw new dev.litserve4j.HttpError(503, "model overloaded");
            }
        }
    }

    @Test
    void requestFieldsReachTheApiThroughTheContext() {
        Probing api = new Probing();
        try (LitServer server = Servers.local().api(api).build().start()) {
            client(server).chat().completions().create(chat("hi").temperature(0.25).maxCompletionTokens(7)
                    .responseFormat(com.openai.models.ResponseFormatJsonObject.builder().build()).build());
            assertThat(api.seen.get(0)).isEqualTo(0.25);
            assertThat(api.seen.get(1)).isEqualTo(7);
            assertThat(api.seen.get(2)).isEqualTo(java.util.Map.of("type", "json_object"));
            assertThat(api.seen.get(3)).isNull(); // messages are the input, not context
        }
    }

    @Test
    void errorInTheMiddleOfAStreamedChatIsAnSseErrorEventWithoutDone() {
        try (LitServer server = Servers.local().api(new Probing()).build().start()) {
            Http http = new Http(server.port());
            HttpResponse<String> streamed = http.post("/v1/chat/completions",
                    "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"please fail\"}]}");
            assertThat(streamed.statusCode()).isEqualTo(200);
            assertThat(streamed.body()).contains("\"content\":\"first\"")
                    .endsWith("data: {\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\","
                            + "\"param\":null,\"code\":null}}\n\n")
                    .doesNotContain("[DONE]");
            HttpResponse<String> whole = http.post("/v1/chat/completions",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"please fail\"}]}");
            assertThat(whole.statusCode()).isEqualTo(503);
            assertThat(whole.body()).isEqualTo("{\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\","
                    + "\"param\":null,\"code\":null}}");
        }
    }

    /** Records what the client sent, then embeds with HashEmbeddingsApi. */
    static final class Recording implements LitApi<EmbeddingsRequest, Embeddings> {
        final HashEmbeddingsApi delegate = new HashEmbeddingsApi();
        final List<String> formats = new CopyOnWriteArrayList<>();

        @Override
        public Spec spec() {
            return delegate.spec();
        }

        @Override
        public Embeddings predict(EmbeddingsRequest request, RequestContext context) {
            formats.add(request.encodingFormat());
            return delegate.predict(request);
        }
    }

    private static EmbeddingCreateParams.Builder embed(List<String> texts) {
        return EmbeddingCreateParams.builder().model("hash").inputOfArrayOfStrings(texts);
    }

    @Test
    void embeddingsAsFloatsAndAsBase64AreTheSameUnitVectors() {
        Recording api = new Recording();
        try (LitServer server = Servers.local().api(api).build().start()) {
            OpenAIClient client = client(server);
            List<String> texts = List.of("A man is playing a guitar.", "The stock market fell.");
            CreateEmbeddingResponse floats = client.embeddings().create(
                    embed(texts).encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());
            CreateEmbeddingResponse base64 = client.embeddings().create(
                    embed(texts).encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).build());
            CreateEmbeddingResponse sdkDefault = client.embeddings().create(embed(texts).build());

            // openai-java asks for base64 when the caller does not choose: a server that ignored it
            // and sent floats would hand its users wrong vectors.
            assertThat(api.formats).containsExactly("float", "base64", "base64");
            assertThat(floats.data()).hasSize(2);
            assertThat(floats.usage().promptTokens()).isEqualTo(10);
            for (int i = 0; i < 2; i++) {
                List<Float> expected = floats.data().get(i).embedding();
                assertThat(expected).hasSize(HashEmbeddingsApi.DIMENSIONS);
                assertThat(norm(expected)).isCloseTo(1.0, within(1e-5));
                assertThat(base64.data().get(i).embedding()).isEqualTo(expected);
                assertThat(sdkDefault.data().get(i).embedding()).isEqualTo(expected);
                assertThat(floats.data().get(i).index()).isEqualTo(i);
            }
        }
    }

    @Test
    void dimensionsTruncatesAndRenormalises() {
        try (LitServer server = Servers.local().api(new HashEmbeddingsApi()).build().start()) {
            OpenAIClient client = client(server);
            List<Float> full = client.embeddings().create(embed(List.of("lit serve")).build()).data().get(0).embedding();
            List<Float> short32 = client.embeddings().create(embed(List.of("lit serve")).dimensions(32).build())
                    .data().get(0).embedding();

            assertThat(short32).hasSize(32);
            assertThat(norm(short32)).isCloseTo(1.0, within(1e-5));
            double prefixNorm = norm(full.subList(0, 32));
            for (int i = 0; i < 32; i++) {
                assertThat((double) short32.get(i)).isCloseTo(full.get(i) / prefixNorm, within(1e-5));
            }
        }
    }

    @Test
    void tokenArraysAreEmbeddedToo() {
        try (LitServer server = Servers.local().api(new HashEmbeddingsApi()).build().start()) {
            CreateEmbeddingResponse response = client(server).embeddings().create(EmbeddingCreateParams.builder()
                    .model("hash").inputOfArrayOfTokenArrays(List.of(List.of(1L, 2L, 3L), List.of(4L))).build());
            assertThat(response.data()).hasSize(2);
            assertThat(response.usage().promptTokens()).isEqualTo(4);
        }
    }

    @Test
    void invalidEmbeddingsRequestIs400NamingTheField() {
        try (LitServer server = Servers.local().api(new HashEmbeddingsApi()).build().start()) {
            Http http = new Http(server.port());
            assertThat(http.post("/v1/embeddings", "{\"input\":\"x\"}").body()).contains("'model' is required");
            assertThat(http.post("/v1/embeddings", "{\"model\":\"m\",\"input\":[]}").statusCode()).isEqualTo(400);
            assertThat(http.post("/v1/embeddings", "{\"model\":\"m\",\"input\":\"x\",\"encoding_format\":\"hex\"}")
                    .body()).contains("'encoding_format' must be one of");
            assertThat(http.post("/v1/embeddings", "{\"model\":\"m\",\"input\":[\"a\", 3]}").body())
                    .contains("input[1]");
        }
    }

    private static double norm(List<Float> vector) {
        double sum = 0;
        for (float v : vector) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }
}
