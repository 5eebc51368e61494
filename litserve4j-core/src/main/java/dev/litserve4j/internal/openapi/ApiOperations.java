package dev.litserve4j.internal.openapi;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.litserve4j.LitApi;
import dev.litserve4j.internal.config.EndpointConfig;
import dev.litserve4j.internal.config.ServerConfig;
import dev.litserve4j.internal.engine.ApiTypes;
import dev.litserve4j.internal.form.BodyKind;
import java.util.Map;

/** {@code POST <apiPath>} of a plain (not OpenAI) API: its body and answer from the API's types. */
final class ApiOperations {

    static final String TAG = "APIs";

    // A form's fields are the API's to name: any field, each a text value or a file.
    private static final Map<String, Map<String, Object>> FORM_BODIES = Map.of(
            BodyKind.MULTIPART, Schemas.map("type", "object", "additionalProperties",
                    Schemas.anyOf(Schemas.string(), Schemas.map("type", "string", "format", "binary"))),
            BodyKind.URLENCODED, Schemas.map("type", "object", "additionalProperties", Schemas.string()));
    private static final Map<String, Object> BINARY = Schemas.map("type", "string", "format", "binary");
    private static final Map<String, Map<String, Object>> BYTES_BODIES = Map.of(
            "application/octet-stream", BINARY, "image/*", BINARY, "audio/*", BINARY);

    private ApiOperations() {
    }

    static Operation predict(EndpointConfig endpoint, ServerConfig config, Components components, TypeFactory types) {
        LitApi<?, ?> api = endpoint.api();
        Operation operation = new Operation(TAG, endpoint.apiName())
                .description(description(endpoint));
        BodyKind kind = ApiTypes.bodyKind(api);
        if (kind == BodyKind.FORM) {
            operation.body(FORM_BODIES);
        } else if (kind == BodyKind.BYTES) {
            operation.body(BYTES_BODIES);
        } else {
            Map<String, Object> input = ApiTypes.usesDefaultDecode(api)
                    ? components.types().schema(ApiTypes.input(api, types), TypeSchemas.Direction.REQUEST)
                    : Schemas.any(); // decodeRequest receives any JSON and decides
            operation.jsonBody(input);
        }
        Map<String, Object> output = ApiTypes.usesDefaultEncode(api) ? outputSchema(api, types, components)
                : Schemas.any(); // encodeResponse may answer anything
        if (endpoint.stream()) {
            operation.response(200, "A stream of NDJSON: each chunk the API emits is one compact JSON document on a"
                    + " line of its own (a String chunk is sent as it is, so text pieces join up). A stream cut by"
                    + " an error ends with the line {\"error\": {\"status\": ..., \"detail\": ...}}.",
                    "application/x-ndjson", output);
        } else {
            operation.response(200, "The API's answer", "application/json", output);
        }
        if (config.apiKey() != null) {
            operation.security(Components.API_KEY);
        }
        ErrorAnswers.addTo(operation, config, components, Components.ErrorShape.DETAIL);
        operation.response(415, "The body's Content-Type is not one this API takes (the detail names those it does)",
                "application/json", components.error(Components.ErrorShape.DETAIL));
        return operation;
    }

    private static Map<String, Object> outputSchema(LitApi<?, ?> api, TypeFactory types, Components components) {
        JavaType output = ApiTypes.output(api, types);
        return components.types().schema(output, TypeSchemas.Direction.RESPONSE);
    }

    private static String description(EndpointConfig endpoint) {
        StringBuilder text = new StringBuilder("Runs ").append(endpoint.api().getClass().getName());
        if (endpoint.batched()) {
            text.append(" in batches of up to ").append(endpoint.maxBatchSize()).append(" requests (waiting up to ")
                    .append(endpoint.batchTimeout().toMillis()).append(" ms for a batch to fill)");
        }
        text.append(endpoint.stream() ? ", streaming its outputs." : ".");
        return text.toString();
    }
}
