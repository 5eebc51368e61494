package dev.litserve4j.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.ApiOptions;
import dev.litserve4j.LitServer;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /openapi.json} on a real server with one API of each kind, checked against what the server does. */
class OpenApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LitServer server;
    private static Http http;
    private static JsonNode doc;

    @BeforeAll
    static void start() throws Exception {
        server = DocumentedApis.all().build().start();
        http = new Http(server.port());
        HttpResponse<String> response = http.get("/openapi.json"); // no X-API-Key: the docs need none
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        doc = JSON.readTree(response.body());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyRouteIsListedWithExactlyTheMethodsTheServerAnswers() {
        Map<String, Set<String>> documented = new LinkedHashMap<>();
        doc.get("paths").fields().forEachRemaining(path -> {
            Set<String> methods = new TreeSet<>();
            path.getValue().fieldNames().forEachRemaining(m -> methods.add(m.toUpperCase(java.util.Locale.ROOT)));
            documented.put(path.getKey(), methods);
        });

        assertThat(documented).containsOnlyKeys("/predict", "/scale", "/count", "/custom", "/upload", "/raw",
                "/v1/chat/completions",
                "/v1/embeddings", "/v1/models", "/v1/models/{id}", "/", "/health", "/livez", "/readyz", "/info",
                "/shutdown", "/metrics");
        assertThat(documented.get("/v1/chat/completions")).containsExactly("OPTIONS", "POST");
        assertThat(documented.get("/shutdown")).containsExactly("POST");
        assertThat(documented.get("/health")).containsExactly("GET");
        assertThat(documented.get("/metrics")).containsExactly("GET");
        // The server agrees: a method it does not serve there gets 405, whose Allow lists the documented ones.
        for (Map.Entry<String, Set<String>> route : documented.entrySet()) {
            for (String path : concrete(route.getKey())) {
                HttpResponse<String> response = http.send(http.request(path).header("X-API-Key", DocumentedApis.API_KEY)
                        .method("DELETE", HttpRequest.BodyPublishers.noBody()).build());
                assertThat(response.statusCode()).as("DELETE %s", path).isEqualTo(405);
                assertThat(response.headers().firstValue("Allow")).as("Allow of %s", path)
                        .hasValue(String.join(", ", route.getValue()));
            }
        }
    }

    @Test
    void aRecordApiIsDocumentedWithTheFieldsOfItsInputAndOutputRecords() {
        JsonNode post = doc.at("/paths/~1predict/post");
        assertThat(post.get("summary").asText()).isEqualTo("Ask");
        assertThat(post.at("/requestBody/required").asBoolean()).isTrue();
        JsonNode question = resolve(post.at("/requestBody/content/application~1json/schema"));
        assertThat(names(question.get("properties"))).containsExactly("text", "topK", "tags");
        assertThat(question.at("/properties/text/type").asText()).isEqualTo("string");
        assertThat(question.at("/properties/topK/type").asText()).isEqualTo("integer");
        assertThat(question.at("/properties/tags/items/type").asText()).isEqualTo("string");
        assertThat(texts(question.get("required"))).containsExactly("text");

        JsonNode answer = resolve(post.at("/responses/200/content/application~1json/schema"));
        assertThat(names(answer.get("properties"))).containsExactly("text", "score", "sources");
        assertThat(answer.at("/properties/score/type").asText()).isEqualTo("number");
        assertThat(texts(answer.get("required"))).containsExactly("text", "score", "sources"); // always written
        JsonNode source = resolve(answer.at("/properties/sources/items"));
        assertThat(names(source.get("properties"))).containsExactly("url", "rank");

        // What "required" says is what the server does: without text, 400; without the others, 200.
        assertThat(post("/predict", "{\"topK\": 3}").statusCode()).isEqualTo(400);
        HttpResponse<String> ok = post("/predict", "{\"text\": \"why\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"text\":\"re: why\",\"score\":0.5,\"sources\":[{\"url\":\"https://example.org\",\"rank\":1}]}");
    }

    @Test
    void mapStreamingAndCustomCodedApisAreDocumentedAsTheyAnswer() {
        JsonNode scale = doc.at("/paths/~1scale/post");
        assertThat(scale.at("/requestBody/content/application~1json/schema")).isEqualTo(json(
                "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"number\",\"format\":\"double\"}}"));

        JsonNode count = doc.at("/paths/~1count/post");
        assertThat(names(count.at("/responses/200/content"))).containsExactly("application/x-ndjson");
        JsonNode tick = resolve(count.at("/responses/200/content/application~1x-ndjson/schema"));
        assertThat(tick.at("/properties/n/type").asText()).isEqualTo("integer");
        assertThat(count.at("/requestBody/content/application~1json/schema/type").asText()).isEqualTo("integer");
        HttpResponse<String> stream = post("/count", "2");
        assertThat(stream.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        assertThat(stream.body()).isEqualTo("{\"n\":0}\n{\"n\":1}\n");

        JsonNode custom = doc.at("/paths/~1custom/post");
        assertThat(custom.at("/requestBody/content/application~1json/schema")).isEmpty();
        assertThat(custom.at("/responses/200/content/application~1json/schema")).isEmpty();
    }

    @Test
    void formAndBytesApisAreDocumentedWithTheContentTypesTheyTake() {
        JsonNode upload = doc.at("/paths/~1upload/post/requestBody/content");
        assertThat(names(upload)).containsExactly("application/x-www-form-urlencoded", "multipart/form-data");
        assertThat(upload.at("/multipart~1form-data/schema/type").asText()).isEqualTo("object");
        assertThat(upload.at("/multipart~1form-data/schema/additionalProperties/anyOf/1/format").asText())
                .isEqualTo("binary");
        JsonNode raw = doc.at("/paths/~1raw/post/requestBody/content");
        assertThat(names(raw)).containsExactly("application/octet-stream", "audio/*", "image/*");
        assertThat(raw.at("/image~1*/schema/format").asText()).isEqualTo("binary");
        assertThat(doc.at("/paths/~1upload/post/responses/415/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/litserve4j.Detail");

        HttpResponse<String> sent = http.send(http.request("/raw").header("X-API-Key", DocumentedApis.API_KEY)
                .header("Content-Type", "image/png").POST(java.net.http.HttpRequest.BodyPublishers.ofString("1234")).build());
        assertThat(sent.body()).isEqualTo("4");
        HttpResponse<String> refused = post("/upload", "{}");
        assertThat(refused.statusCode()).isEqualTo(415);
    }

    @Test
    void apiRoutesListTheirErrorAnswersInTheShapeTheServerSends() {
        JsonNode responses = doc.at("/paths/~1predict/post/responses");
        assertThat(names(responses)).contains("200", "400", "401", "413", "500", "503", "504");
        for (String status : List.of("400", "401", "413", "500", "503", "504")) {
            assertThat(responses.at("/" + status + "/content/application~1json/schema/$ref").asText())
                    .isEqualTo("#/components/schemas/litserve4j.Detail");
        }
        assertThat(responses.at("/503/headers").has("Retry-After")).isTrue();
        assertThat(texts(doc.at("/components/schemas/litserve4j.Detail/required"))).containsExactly("detail");
        assertThat(json(post("/predict", "{oops").body()).has("detail")).isTrue();

        JsonNode chatErrors = doc.at("/paths/~1v1~1chat~1completions/post/responses");
        assertThat(chatErrors.at("/400/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/openai.Error");
        JsonNode error = doc.at("/components/schemas/openai.Error/properties/error");
        assertThat(names(error.get("properties"))).containsExactly("message", "type", "param", "code");
        JsonNode sent = json(post("/v1/chat/completions", "{\"messages\": []}").body()).get("error");
        assertThat(names(sent)).containsExactly("message", "type", "param", "code");
    }

    @Test
    void theOpenAiRoutesHaveOpenAisRequestAndAnswerSchemas() {
        JsonNode chat = doc.at("/paths/~1v1~1chat~1completions/post");
        JsonNode request = resolve(chat.at("/requestBody/content/application~1json/schema"));
        assertThat(texts(request.get("required"))).containsExactly("messages");
        assertThat(request.at("/properties/messages/items/properties/role/enum")).hasSize(6);
        assertThat(names(chat.at("/responses/200/content"))).containsExactly("application/json", "text/event-stream");
        JsonNode completion = resolve(chat.at("/responses/200/content/application~1json/schema"));
        assertThat(completion.at("/properties/object/const").asText()).isEqualTo("chat.completion");
        JsonNode chunk = resolve(chat.at("/responses/200/content/text~1event-stream/schema"));
        assertThat(chunk.at("/properties/object/const").asText()).isEqualTo("chat.completion.chunk");
        JsonNode answered = json(post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"hey\"}]}")
                .body());
        for (String field : iterable(completion.get("required"))) {
            assertThat(answered.has(field)).as("the answer has %s", field).isTrue();
        }

        JsonNode embeddings = resolve(doc.at("/paths/~1v1~1embeddings/post/requestBody/content/application~1json/schema"));
        assertThat(texts(embeddings.get("required"))).containsExactly("model", "input");
        assertThat(embeddings.at("/properties/dimensions/maximum").asInt()).isEqualTo(65_536); // withDimensions()

        JsonNode models = resolve(doc.at("/paths/~1v1~1models/get/responses/200/content/application~1json/schema"));
        assertThat(models.at("/properties/object/const").asText()).isEqualTo("list");
        JsonNode id = doc.at("/paths/~1v1~1models~1{id}/get/parameters/0");
        assertThat(id.get("in").asText()).isEqualTo("path");
        assertThat(texts(id.at("/schema/enum"))).containsExactly("Chat", "Embed");
    }

    @Test
    void securitySchemesSayWhatTheServerChecks() {
        assertThat(doc.at("/components/securitySchemes/ApiKey")).isEqualTo(json(
                "{\"type\":\"apiKey\",\"in\":\"header\",\"name\":\"X-API-Key\","
                        + "\"description\":\"The server's API key (LIT_SERVER_API_KEY)\"}"));
        assertThat(doc.at("/components/securitySchemes/ShutdownKey/type").asText()).isEqualTo("http");
        assertThat(doc.at("/components/securitySchemes/ShutdownKey/scheme").asText()).isEqualTo("bearer");
        assertThat(doc.at("/paths/~1shutdown/post/security")).isEqualTo(json("[{\"ShutdownKey\":[]}]"));
        HttpResponse<String> noBearer = http.send(http.request("/shutdown").POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(noBearer.statusCode()).isEqualTo(401);
        assertThat(noBearer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");

        // Every GET route: behind X-API-Key exactly when the document says so.
        int keyed = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            JsonNode get = path.getValue().get("get");
            if (get == null) {
                continue;
            }
            boolean documented = json("[{\"ApiKey\":[]}]").equals(get.get("security"));
            for (String concrete : concrete(path.getKey())) {
                int status = http.get(concrete).statusCode();
                assertThat(status == 401).as("GET %s without a key answered %d", concrete, status).isEqualTo(documented);
                if (documented) {
                    keyed++;
                    assertThat(get.at("/responses/401").isMissingNode()).isFalse();
                }
            }
        }
        assertThat(keyed).isGreaterThanOrEqualTo(5); // /, /health, /info, /v1/models, /v1/models/{id}
        assertThat(doc.at("/paths/~1livez/get").has("security")).isFalse();
    }

    @Test
    void theInfoNamesTheModelAndTheProjectVersion() {
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(doc.at("/info/title").asText()).isEqualTo("qa-model");
        assertThat(doc.at("/info/version").asText()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void docsOffMeansNeitherTheDocumentNorThePage() {
        try (LitServer off = Servers.local().api(new DocumentedApis.Ask()).docs(false).build().start()) {
            Http client = new Http(off.port());
            assertThat(client.get("/openapi.json").statusCode()).isEqualTo(404);
            assertThat(client.get("/docs").statusCode()).isEqualTo(404);
            assertThat(client.get("/docs/swagger-ui-bundle.js").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void anApiOnADocsPathIsRefusedWhileTheDocsAreOnAndServedWhenTheyAreOff() {
        for (String path : List.of("/docs", "/openapi.json", "/docs/swagger-ui.css")) {
            assertThatThrownBy(() -> Servers.local().api(new DocumentedApis.Ask(), ApiOptions.path(path)).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("apiPath of Ask '" + path + "' is already used by the docs (docs(false) or --no-docs"
                            + " turns them off): give each route its own path");
        }
        assertThatThrownBy(() -> Servers.local().api(new DocumentedApis.Ask()).healthcheckPath("/docs").build())
                .hasMessageStartingWith("healthcheckPath '/docs' is already used by the docs");
        try (LitServer mine = Servers.local().api(new DocumentedApis.Ask(), ApiOptions.path("/docs")).docs(false)
                .build().start()) {
            assertThat(new Http(mine.port()).post("/docs", "{\"text\": \"a\"}").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aShutdownRouteOnTheManagementPortIsNotInThePublicDocument() throws Exception {
        try (LitServer managed = Servers.local().api(new DocumentedApis.Scale()).enableShutdownApi(true)
                .shutdownApiKey("k").managementPort(0).build().start()) {
            JsonNode public_ = json(new Http(managed.port()).get("/openapi.json").body());
            assertThat(public_.get("paths").has("/shutdown")).isFalse();
            assertThat(public_.at("/components/securitySchemes").isMissingNode()).isTrue(); // no API key either
        }
    }

    private static HttpResponse<String> post(String path, String body) {
        return http.send(http.request(path).header("X-API-Key", DocumentedApis.API_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The paths a template stands for: {@code /v1/models/{id}} with each id of its enum. */
    private static List<String> concrete(String path) {
        if (!path.contains("{")) {
            return List.of(path);
        }
        List<String> paths = new ArrayList<>();
        JsonNode parameter = doc.at("/paths/" + path.replace("~", "~0").replace("/", "~1") + "/get/parameters/0");
        for (JsonNode value : parameter.at("/schema/enum")) {
            paths.add(path.replace("{" + parameter.get("name").asText() + "}", value.asText()));
        }
        assertThat(paths).as("the ids of %s", path).isNotEmpty();
        return paths;
    }

    private static JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        assertThat(ref).as("a reference to a component").startsWith("#/components/schemas/");
        JsonNode target = doc.at(ref.substring(1));
        assertThat(target.isMissingNode()).as("%s exists", ref).isFalse();
        return target;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static Iterable<String> iterable(JsonNode array) {
        return texts(array);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
