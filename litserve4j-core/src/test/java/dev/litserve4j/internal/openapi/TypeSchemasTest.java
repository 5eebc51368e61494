package dev.litserve4j.internal.openapi;

import static dev.litserve4j.internal.openapi.TypeSchemas.Direction.REQUEST;
import static dev.litserve4j.internal.openapi.TypeSchemas.Direction.RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.internal.json.JsonCodec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TypeSchemasTest {

    private final JsonCodec codec = new JsonCodec();
    private final ObjectMapper json = new ObjectMapper();
    private final TypeSchemas schemas = new TypeSchemas(codec.mapper());

    enum Color { RED, @JsonProperty("dark-green") GREEN }

    record Point(double x, double y) {
    }

    record Question(@JsonProperty(required = true) @JsonPropertyDescription("What to ask") String text,
            int topK, List<String> tags, Map<String, Long> weights, Color color, Point near, UUID id, byte[] blob) {
    }

    record Tree(String label, List<Tree> children) {
    }

    record Page<T>(List<T> items, long total) {
    }

    record Sparse(@JsonInclude(JsonInclude.Include.NON_NULL) String note, int count, @JsonIgnore String secret) {
    }

    record Wrapped(@JsonValue String value) {
    }

    static final class Outer {
        record Point(int row, int column) {
        }
    }

    private JsonNode schema(TypeReference<?> type, TypeSchemas.Direction direction) {
        return json.valueToTree(schemas.schema(type(type), direction));
    }

    private JavaType type(TypeReference<?> type) {
        return codec.mapper().getTypeFactory().constructType(type);
    }

    private JsonNode component(String name) {
        return json.valueToTree(schemas.components()).get(name);
    }

    @Test
    void aRequestRecordListsItsComponentsWithTheirJsonTypesAndOnlyJacksonRequiredOnesAreRequired() {
        JsonNode ref = schema(new TypeReference<Question>() { }, REQUEST);

        assertThat(ref.get("$ref").asText()).isEqualTo("#/components/schemas/Question");
        JsonNode question = component("Question");
        assertThat(question.get("type").asText()).isEqualTo("object");
        assertThat(question.get("required")).containsExactly(json.getNodeFactory().textNode("text"));
        JsonNode p = question.get("properties");
        assertThat(p.get("text")).isEqualTo(json.valueToTree(Map.of("type", "string", "description", "What to ask")));
        assertThat(p.get("topK")).isEqualTo(json.valueToTree(Map.of("type", "integer", "format", "int32")));
        assertThat(p.get("tags")).isEqualTo(json.valueToTree(Map.of("type", "array", "items", Map.of("type", "string"))));
        assertThat(p.at("/weights/type").asText()).isEqualTo("object");
        assertThat(p.at("/weights/additionalProperties/format").asText()).isEqualTo("int64");
        assertThat(p.at("/color/enum")).containsExactly(json.getNodeFactory().textNode("RED"),
                json.getNodeFactory().textNode("dark-green"));
        assertThat(p.at("/near/$ref").asText()).isEqualTo("#/components/schemas/Point");
        assertThat(p.at("/id/format").asText()).isEqualTo("uuid");
        assertThat(p.at("/blob/contentEncoding").asText()).isEqualTo("base64");
        assertThat(component("Point").at("/properties/x/format").asText()).isEqualTo("double");
    }

    @Test
    void everyPropertyOfAnAnswerIsRequiredUnlessJacksonMayLeaveItOut() {
        schema(new TypeReference<Sparse>() { }, RESPONSE);

        JsonNode sparse = component("Sparse");
        assertThat(sparse.get("properties").has("secret")).isFalse();
        assertThat(sparse.get("properties").has("note")).isTrue();
        assertThat(sparse.get("required")).containsExactly(json.getNodeFactory().textNode("count"));
    }

    @Test
    void aRecordReadAndWrittenAlikeIsOneComponentAndOneReadDifferentlyIsTwo() {
        schema(new TypeReference<Point>() { }, REQUEST);
        schema(new TypeReference<Point>() { }, RESPONSE); // written: x and y always there, so required

        assertThat(schemas.components()).containsOnlyKeys("Point", "PointResponse");
        assertThat(component("PointResponse").get("required")).hasSize(2);
        assertThat(component("Point").has("required")).isFalse();
        TypeSchemas again = new TypeSchemas(codec.mapper());
        again.schema(type(new TypeReference<List<Color>>() { }), REQUEST);
        assertThat(again.components()).isEmpty(); // an enum is inline
    }

    @Test
    void classesOfTheSameSimpleNameGetDistinctNames() {
        schema(new TypeReference<Point>() { }, RESPONSE);
        JsonNode other = schema(new TypeReference<Outer.Point>() { }, RESPONSE);

        assertThat(other.get("$ref").asText()).isEqualTo("#/components/schemas/Point2");
        assertThat(component("Point2").at("/properties/row/type").asText()).isEqualTo("integer");
    }

    @Test
    void aRecursiveRecordRefersToItself() {
        schema(new TypeReference<Tree>() { }, RESPONSE);

        assertThat(component("Tree").at("/properties/children/items/$ref").asText())
                .isEqualTo("#/components/schemas/Tree");
    }

    @Test
    void aGenericRecordIsNamedAfterItsTypeArgumentsAndItsFieldsAreResolved() {
        JsonNode ref = schema(new TypeReference<Page<Point>>() { }, RESPONSE);

        assertThat(ref.get("$ref").asText()).isEqualTo("#/components/schemas/Page_Point");
        assertThat(component("Page_Point").at("/properties/items/items/$ref").asText())
                .isEqualTo("#/components/schemas/Point");
        assertThat(component("Page_Point").at("/properties/total/format").asText()).isEqualTo("int64");
    }

    @Test
    void shapesDecidedAtRunTimeAreAnyJson() {
        assertThat(schema(new TypeReference<Object>() { }, REQUEST)).isEmpty();
        assertThat(schema(new TypeReference<JsonNode>() { }, REQUEST)).isEmpty();
        assertThat(schema(new TypeReference<CharSequence>() { }, REQUEST).get("type").asText()).isEqualTo("string");
        assertThat(schema(new TypeReference<Runnable>() { }, RESPONSE)).isEmpty();
        assertThat(schema(new TypeReference<java.time.Instant>() { }, RESPONSE)).isEmpty();
        assertThat(component("Wrapped")).isNull();
        schema(new TypeReference<Wrapped>() { }, RESPONSE);
        assertThat(component("Wrapped")).isEmpty(); // @JsonValue: written as whatever it returns
    }

    @Test
    void aSetIsAnArrayOfUniqueItemsAndAMapOfRecordsRefersToThem() {
        assertThat(schema(new TypeReference<Set<Integer>>() { }, REQUEST).get("uniqueItems").asBoolean()).isTrue();
        assertThat(schema(new TypeReference<Map<String, Point>>() { }, REQUEST).at("/additionalProperties/$ref")
                .asText()).isEqualTo("#/components/schemas/Point");
        assertThat(schema(new TypeReference<double[]>() { }, REQUEST).at("/items/type").asText()).isEqualTo("number");
    }
}
