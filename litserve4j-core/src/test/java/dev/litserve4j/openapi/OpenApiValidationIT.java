package dev.litserve4j.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import dev.litserve4j.LitServer;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.OpenApiSchema;
import dev.litserve4j.testing.Servers;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The served document is valid OpenAPI 3.1 by the official schema, and that check can fail. */
class OpenApiValidationIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode documentOf(LitServer server) throws Exception {
        return JSON.readTree(new Http(server.port()).get("/openapi.json").body());
    }

    @Test
    void theDocumentOfAServerWithEveryKindOfRouteIsValidOpenApi31() throws Exception {
        try (LitServer server = DocumentedApis.all().build().start()) {
            List<Error> errors = OpenApiSchema.validate(documentOf(server));
            assertThat(errors).as("validation errors").isEmpty();
        }
    }

    @Test
    void theDocumentOfTheSmallestServerIsValidOpenApi31() throws Exception {
        try (LitServer server = Servers.start(new DocumentedApis.Scale())) {
            assertThat(OpenApiSchema.validate(documentOf(server))).as("validation errors").isEmpty();
        }
    }

    @Test
    void theValidatorRejectsDocumentsThatBreakTheSpecification() throws Exception {
        JsonNode valid;
        try (LitServer server = DocumentedApis.all().build().start()) {
            valid = documentOf(server);
        }
        assertThat(OpenApiSchema.validate(valid)).isEmpty();
        assertRejected(valid, doc -> ((ObjectNode) doc.get("info")).remove("version"));
        assertRejected(valid, doc -> ((ObjectNode) doc).put("openapi", "3.0.3"));
        assertRejected(valid, doc -> ((ObjectNode) doc.get("paths")).set("predict", doc.at("/paths/~1predict")));
        assertRejected(valid, doc -> ((ObjectNode) doc.at("/paths/~1predict/post/responses"))
                .set("20x", doc.at("/paths/~1predict/post/responses/200")));
        assertRejected(valid, doc -> ((ObjectNode) doc.at("/components/securitySchemes/ShutdownKey")).put("type", "bearer"));
        // A Schema Object is checked against the OpenAPI dialect of JSON Schema too.
        assertRejected(valid, doc -> ((ObjectNode) doc.at("/components/schemas/litserve4j.Detail")).put("type", "text"));
        assertRejected(valid, doc -> ((ObjectNode) doc.at("/components/schemas/Question")).put("required", "text"));
    }

    private static void assertRejected(JsonNode valid, Consumer<JsonNode> breakIt) {
        JsonNode broken = valid.deepCopy();
        breakIt.accept(broken);
        assertThat(broken).isNotEqualTo(valid);
        assertThat(OpenApiSchema.validate(broken)).as("errors for a broken document").isNotEmpty();
    }
}
