package dev.litserve4j.internal.openapi;

import dev.litserve4j.internal.config.EndpointConfig;
import dev.litserve4j.internal.config.ServerConfig;
import dev.litserve4j.spec.OpenAiChatSpec;
import dev.litserve4j.spec.OpenAiEmbeddingSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The OpenAI routes: chat completions, embeddings and the model list, with OpenAI's error shape. */
final class OpenAiOperations {

    static final String TAG = "OpenAI";

    private final ServerConfig config;
    private final Components components;
    private final OpenAiSchemas schemas;

    OpenAiOperations(ServerConfig config, Components components) {
        this.config = config;
        this.components = components;
        this.schemas = new OpenAiSchemas(components);
    }

    /** {@code POST} of an API served with an OpenAI spec. */
    Operation post(EndpointConfig endpoint) {
        Operation operation;
        if (endpoint.spec() instanceof OpenAiChatSpec) {
            Map<String, Map<String, Object>> answers = new LinkedHashMap<>();
            answers.put("application/json", schemas.chatCompletion());
            answers.put("text/event-stream", schemas.chatChunk());
            operation = new Operation(TAG, "Chat completion (" + endpoint.apiName() + ")")
                    .description("OpenAI's chat completions API. With \"stream\": true the answer is server-sent"
                            + " events, one `data: <chunk>` per chunk, ending with `data: [DONE]`; an error in the"
                            + " middle of a stream ends it with an event carrying OpenAI's error object.")
                    .jsonBody(schemas.chatRequest())
                    .response(200, "A chat.completion, or with stream a text/event-stream of chat.completion.chunk",
                            answers);
        } else if (endpoint.spec() instanceof OpenAiEmbeddingSpec) {
            operation = new Operation(TAG, "Embeddings (" + endpoint.apiName() + ")")
                    .description("OpenAI's embeddings API: one vector per input, in order.")
                    .jsonBody(schemas.embeddingsRequest(((OpenAiEmbeddingSpec) endpoint.spec()).supportsDimensions()))
                    .response(200, "The vectors, as floats or base64", "application/json", schemas.embeddings());
        } else {
            throw new IllegalArgumentException("unknown spec " + endpoint.spec().getClass().getName());
        }
        if (config.apiKey() != null) {
            operation.security(Components.API_KEY);
        }
        ErrorAnswers.addTo(operation, config, components, Components.ErrorShape.OPENAI);
        return operation;
    }

    /** {@code OPTIONS} of a spec route: what browser-based OpenAI clients send before a POST. */
    Operation preflight(EndpointConfig endpoint) {
        return keyed(new Operation(TAG, "CORS preflight (" + endpoint.apiName() + ")")
                .response(200, "Empty", Map.of()));
    }

    Operation models() {
        return keyed(new Operation(TAG, "Lists the models")
                .description("Each OpenAI API is listed under its API's name.")
                .response(200, "OpenAI's model list", "application/json", schemas.modelList()));
    }

    Operation model(List<String> ids) {
        return keyed(new Operation(TAG, "Retrieves a model")
                .parameter(Schemas.map("name", "id", "in", "path", "required", true,
                        "schema", Schemas.oneOfStrings(ids), "description", "A model id from the list"))
                .response(200, "The model", "application/json", schemas.model())
                // An unknown id is an unknown path, answered before any route: LitServe's shape, not OpenAI's.
                .response(404, "No such model", "application/json", components.error(Components.ErrorShape.DETAIL)));
    }

    private Operation keyed(Operation operation) {
        if (config.apiKey() != null) {
            operation.security(Components.API_KEY);
            ErrorAnswers.unauthorized(operation, components.error(Components.ErrorShape.OPENAI));
        }
        return operation;
    }
}
