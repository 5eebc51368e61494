package dev.litserve4j.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.litserve4j.HttpError;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request bodies in, answers out: what a JSON number can and cannot become. */
class JsonCodecTest {

    private final JsonCodec codec = new JsonCodec();

    record Input(double input) {
    }

    record BoxedInput(Double input) {
    }

    record FloatInput(float input) {
    }

    record BoxedFloatInput(Float input) {
    }

    record DecimalInput(BigDecimal input) {
    }

    record Point(double x, double y) {
    }

    record Points(List<Point> items) {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({@JsonSubTypes.Type(value = Square.class, name = "square"),
        @JsonSubTypes.Type(value = Price.class, name = "price")})
    interface Shape {
    }

    record Square(double side, List<Float> weights) implements Shape {
    }

    record Price(BigDecimal amount) implements Shape {
    }

    record Labelled(String label, @JsonUnwrapped Point point) {
    }

    record Score(String label, float score) {
    }

    record Counts(int n, long total, Integer boxed, Long boxedTotal, short small, byte tiny) {
    }

    record Batch(Counts first, List<Counts> rest) {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes(@JsonSubTypes.Type(value = Tally.class, name = "tally"))
    interface Tallied {
    }

    record Tally(long n, int[] bins) implements Tallied {
    }

    private Object read(String json, Type type) {
        return codec.readBody(json.getBytes(StandardCharsets.UTF_8), codec.type(type));
    }

    /** The detail of the 400 that reading {@code json} into {@code type} answers. */
    private String written(Object value) {
        return new String(codec.write(value), StandardCharsets.UTF_8);
    }

    private String detail(Object value) {
        return new String(codec.detail(value), StandardCharsets.UTF_8);
    }

    private String refusal(String json, Type type) {
        Throwable thrown = catchThrowable(() -> read(json, type));
        assertThat(thrown).isInstanceOf(HttpError.class);
        assertThat(((HttpError) thrown).status()).isEqualTo(400);
        return (String) ((HttpError) thrown).detail();
    }

    @Test
    void aNumberTooLargeForADoubleInAMapIsA400NamingTheField() {
        assertThat(refusal("{\"input\": 1e400}", Map.class))
                .isEqualTo("Number out of range at 'input': 1e400 does not fit in a double");
    }

    @Test
    void aNegativeNumberTooLargeForADoubleIsRefusedToo() {
        assertThat(refusal("{\"input\": -1e400}", Map.class))
                .isEqualTo("Number out of range at 'input': -1e400 does not fit in a double");
    }

    @Test
    void doubleAndBoxedDoubleFieldsRefuseANumberTooLargeForThem() {
        assertThat(refusal("{\"input\": 1e400}", Input.class))
                .isEqualTo("Number out of range at 'input': 1e400 does not fit in a double");
        assertThat(refusal("{\"input\": -1e400}", BoxedInput.class))
                .isEqualTo("Number out of range at 'input': -1e400 does not fit in a double");
    }

    @Test
    void floatAndBoxedFloatFieldsRefuseANumberTooLargeForAFloat() {
        assertThat(refusal("{\"input\": 1e39}", FloatInput.class))
                .isEqualTo("Number out of range at 'input': 1e39 does not fit in a float");
        assertThat(refusal("{\"input\": -1e39}", BoxedFloatInput.class))
                .isEqualTo("Number out of range at 'input': -1e39 does not fit in a float");
    }

    @Test
    void theLargestFiniteValuesStillFit() {
        assertThat(read("{\"input\": 1.7976931348623157e308}", Input.class)).isEqualTo(new Input(Double.MAX_VALUE));
        assertThat(read("{\"input\": 3.4028235e38}", FloatInput.class)).isEqualTo(new FloatInput(Float.MAX_VALUE));
        assertThat(read("{\"input\": 1e39}", Input.class)).isEqualTo(new Input(1e39));
    }

    @Test
    void ordinaryNumbersReadAsBefore() {
        assertThat(read("{\"input\": 4.0, \"n\": 3, \"small\": 1e-400}", Map.class))
                .isEqualTo(Map.of("input", 4.0, "n", 3, "small", 0.0));
    }

    @Test
    void wholeNumberFieldsRefuseANumberTooLargeForThemNamingTheField() {
        String huge = "99999999999999999999";

        assertThat(refusal("{\"n\": " + huge + "}", Counts.class))
                .isEqualTo("Number out of range at 'n': " + huge + " does not fit in an int");
        assertThat(refusal("{\"n\": 9999999999}", Counts.class))
                .isEqualTo("Number out of range at 'n': 9999999999 does not fit in an int");
        assertThat(refusal("{\"total\": " + huge + "}", Counts.class))
                .isEqualTo("Number out of range at 'total': " + huge + " does not fit in a long");
        assertThat(refusal("{\"boxed\": " + huge + "}", Counts.class))
                .isEqualTo("Number out of range at 'boxed': " + huge + " does not fit in an int");
        assertThat(refusal("{\"boxedTotal\": " + huge + "}", Counts.class))
                .isEqualTo("Number out of range at 'boxedTotal': " + huge + " does not fit in a long");
        assertThat(refusal("{\"small\": 99999}", Counts.class))
                .isEqualTo("Number out of range at 'small': 99999 does not fit in a short");
        assertThat(refusal("{\"tiny\": 999}", Counts.class))
                .isEqualTo("Number out of range at 'tiny': 999 does not fit in a byte");
    }

    @Test
    void aFloatingNumberTooLargeForALongOrIntFieldIsRefusedNamingTheField() {
        assertThat(refusal("{\"total\": 1e30}", Counts.class))
                .isEqualTo("Number out of range at 'total': 1e30 does not fit in a long");
        assertThat(refusal("{\"boxedTotal\": -1e30}", Counts.class))
                .isEqualTo("Number out of range at 'boxedTotal': -1e30 does not fit in a long");
        assertThat(refusal("{\"n\": 1e30}", Counts.class))
                .isEqualTo("Number out of range at 'n': 1e30 does not fit in an int");
    }

    @Test
    void aWholeNumberTooLargeInsideNestedRecordsAndListsNamesItsPlace() {
        assertThat(refusal("{\"first\": {\"n\": 99999999999999999999}}", Batch.class))
                .isEqualTo("Number out of range at 'first.n': 99999999999999999999 does not fit in an int");
        assertThat(refusal("{\"rest\": [{\"total\": 1}, {\"total\": 1e30}]}", Batch.class))
                .isEqualTo("Number out of range at 'rest[1].total': 1e30 does not fit in a long");
        assertThat(refusal("[1, 99999999999999999999]", long[].class))
                .isEqualTo("Number out of range at '[1]': 99999999999999999999 does not fit in a long");
        assertThat(refusal("{\"v\": [1, 99999999999999999999]}", new TypeReference<Map<String, List<Integer>>>() { }.getType()))
                .isEqualTo("Number out of range at 'v[1]': 99999999999999999999 does not fit in an int");
    }

    @Test
    void wholeNumbersDatabindReplaysFromItsBufferAreNamedToo() {
        assertThat(refusal("{\"n\": 99999999999999999999, \"kind\": \"tally\"}", Tallied.class))
                .isEqualTo("Number out of range at 'n': 99999999999999999999 does not fit in a long");
        // A primitive array in the buffer is refused by Jackson's own check: still a 400 at its place.
        assertThat(refusal("{\"bins\": [1, 1e30], \"kind\": \"tally\"}", Tallied.class))
                .startsWith("Number out of range at 'bins[1]': ").contains("1e30").doesNotContain("`");
    }

    @Test
    void theLargestWholeNumbersStillFit() {
        assertThat(read("{\"n\": 2147483647, \"total\": -9223372036854775808, \"small\": 1e3}", Counts.class))
                .isEqualTo(new Counts(Integer.MAX_VALUE, Long.MIN_VALUE, null, null, (short) 1000, (byte) 0));
        assertThat(read("{\"n\": 7, \"kind\": \"tally\"}", Tallied.class)).isEqualTo(new Tally(7, null));
    }

    @Test
    void bigDecimalAndBigIntegerTargetsTakeWhatADoubleCannotHold() {
        assertThat(read("{\"input\": 1e400}", DecimalInput.class)).isEqualTo(new DecimalInput(new BigDecimal("1e400")));
        assertThat(read("-1e400", BigDecimal.class)).isEqualTo(new BigDecimal("-1e400"));
        assertThat(read("1e400", BigInteger.class)).isEqualTo(BigInteger.TEN.pow(400));
    }

    @Test
    void aWholeNumberTooLargeForADoubleIsRefusedByADoubleButKeptByAMap() {
        String huge = "1" + "0".repeat(400);

        assertThat(refusal("{\"input\": " + huge + "}", Input.class))
                .startsWith("Number out of range at 'input': 1000000000").endsWith("... does not fit in a double");
        assertThat(read("{\"input\": " + huge + "}", Map.class)).isEqualTo(Map.of("input", BigInteger.TEN.pow(400)));
    }

    @Test
    void untypedAndNumberTargetsRefuseANumberTooLargeForADouble() {
        assertThat(refusal("1e400", Object.class)).isEqualTo("Number out of range: 1e400 does not fit in a double");
        assertThat(refusal("1e400", Number.class)).isEqualTo("Number out of range: 1e400 does not fit in a double");
        assertThat(refusal("{\"a\": {\"b\": [1, 1e400]}}", Object.class))
                .isEqualTo("Number out of range at 'a.b[1]': 1e400 does not fit in a double");
        assertThat(refusal("{\"a\": 1e400}", JsonNode.class))
                .isEqualTo("Number out of range at 'a': 1e400 does not fit in a double");
    }

    @Test
    void theDetailNamesTheFieldInsideNestedObjectsAndArrays() {
        String body = "{\"items\": [{\"x\": 1, \"y\": 2}, {\"x\": 3, \"y\": 4}, {\"x\": 1e400, \"y\": 5}]}";

        assertThat(refusal(body, Map.class)).isEqualTo("Number out of range at 'items[2].x': 1e400 does not fit in a double");
        assertThat(refusal(body, Points.class)).isEqualTo("Number out of range at 'items[2].x': 1e400 does not fit in a double");
    }

    @Test
    void arraysOfDoublesAndFloatsNameTheElement() {
        assertThat(refusal("[1, 2, 1e400]", double[].class))
                .isEqualTo("Number out of range at '[2]': 1e400 does not fit in a double");
        assertThat(refusal("[1, 1e39]", float[].class))
                .isEqualTo("Number out of range at '[1]': 1e39 does not fit in a float");
        assertThat(refusal("{\"v\": [[0], [1, 1e400]]}", Map.class))
                .isEqualTo("Number out of range at 'v[1][1]': 1e400 does not fit in a double");
    }

    @Test
    void fieldsDatabindReplaysFromItsBufferAreCheckedToo() {
        // The type id comes last, so databind buffers the fields and reads them again from its buffer.
        assertThat(refusal("{\"side\": 1e400, \"kind\": \"square\"}", Shape.class))
                .isEqualTo("Number out of range at 'side': 1e400 does not fit in a double");
        assertThat(refusal("{\"side\": 1, \"weights\": [0.5, 1e39], \"kind\": \"square\"}", Shape.class))
                .isEqualTo("Number out of range at 'weights[1]': 1e39 does not fit in a float");
        assertThat(refusal("{\"label\": \"a\", \"x\": 1e400, \"y\": 0}", Labelled.class))
                .isEqualTo("Number out of range at 'x': 1e400 does not fit in a double");
    }

    @Test
    void aBufferedBigDecimalStillTakesWhatADoubleCannotHold() {
        assertThat(read("{\"amount\": 1e400, \"kind\": \"price\"}", Shape.class))
                .isEqualTo(new Price(new BigDecimal("1e400")));
    }

    @Test
    void nullMissingAndStringValuesOfDoubleFieldsReadAsBefore() {
        assertThat(read("{\"input\": null}", BoxedInput.class)).isEqualTo(new BoxedInput(null));
        assertThat(read("{\"input\": null}", Input.class)).isEqualTo(new Input(0.0));
        assertThat(read("{}", Input.class)).isEqualTo(new Input(0.0));
        assertThat(read("{\"input\": \"2.5\"}", Input.class)).isEqualTo(new Input(2.5));
    }

    @Test
    void writingNaNInADoubleFailsNamingTheField() {
        assertThatThrownBy(() -> codec.write(Map.of("output", Double.NaN)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("response is not JSON-writable: Non-finite number at 'output': NaN cannot be written as JSON");
    }

    @Test
    void writingAnInfiniteFloatFieldFails() {
        assertThatThrownBy(() -> codec.write(new Score("a", Float.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("response is not JSON-writable: Non-finite number at 'score': Infinity cannot be written as JSON");
    }

    @Test
    void writingANegativeInfinityInsideNestedMapsAndListsFailsNamingThePlace() {
        Map<String, Object> inner = Map.of("b", List.of(1.0, 2.0, Double.NEGATIVE_INFINITY));

        assertThatThrownBy(() -> codec.write(Map.of("a", inner)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("response is not JSON-writable: Non-finite number at 'a.b[2]': -Infinity cannot be written as JSON");
    }

    @Test
    void writingAFloatArrayOrADoubleArrayWithANonFiniteElementFailsNamingTheElement() {
        float[] embedding = {0.1f, 0.2f, 0.3f, Float.NaN};

        assertThatThrownBy(() -> codec.write(Map.of("embedding", embedding)))
                .hasMessage("response is not JSON-writable: Non-finite number at 'embedding[3]': NaN cannot be written as JSON");
        assertThatThrownBy(() -> codec.write(List.of(new double[] {1, 2}, new double[] {3, Double.POSITIVE_INFINITY})))
                .hasMessage("response is not JSON-writable: Non-finite number at '[1][1]': Infinity cannot be written as JSON");
    }

    @Test
    void writingANonFiniteValueOnItsOwnOrInATreeFails() {
        assertThatThrownBy(() -> codec.write(Double.NaN))
                .hasMessage("response is not JSON-writable: Non-finite number: NaN cannot be written as JSON");
        assertThatThrownBy(() -> codec.write(JsonNodeFactory.instance.objectNode().put("x", Double.NaN)))
                .hasMessage("response is not JSON-writable: Non-finite number at 'x': NaN cannot be written as JSON");
    }

    @Test
    void finiteNumbersAreWrittenAsBefore() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("output", 16.0);
        answer.put("max", Double.MAX_VALUE);
        answer.put("v", new float[] {0.5f, -1.25f});
        answer.put("d", new double[] {1.5});
        answer.put("n", 3);

        assertThat(written(answer)).isEqualTo("{\"output\":16.0,\"max\":1.7976931348623157E308,\"v\":[0.5,-1.25],"
                + "\"d\":[1.5],\"n\":3}");
    }

    @Test
    void aDetailWritesNonFiniteNumbersAsNullAndKeepsTheRest() {
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("problem", "diverged");
        structured.put("loss", Double.NaN);
        structured.put("scores", new float[] {1f, Float.NEGATIVE_INFINITY});
        structured.put("d", new double[] {Double.POSITIVE_INFINITY, 2});

        assertThat(detail(structured))
                .isEqualTo("{\"detail\":{\"problem\":\"diverged\",\"loss\":null,\"scores\":[1.0,null],\"d\":[null,2.0]}}");
        assertThat(detail(Double.POSITIVE_INFINITY)).isEqualTo("{\"detail\":null}");
    }

    @Test
    void aDetailThatCannotBeWrittenIsSentAsItsStringFormAndNeverFails() {
        Map<String, Object> cycle = new HashMap<>();
        cycle.put("self", cycle);
        Object hostile = new Object() {
            public String getBoom() {
                throw new IllegalStateException("boom");
            }

            @Override
            public String toString() {
                throw new IllegalStateException("no string either");
            }
        };

        assertThat(detail("plain")).isEqualTo("{\"detail\":\"plain\"}");
        assertThat(detail(List.of("a", cycle))).startsWith("{\"detail\":\"[a, ");
        assertThat(detail(hostile)).isEqualTo("{\"detail\":null}");
    }

    @Test
    void aWritableDetailCanBePutInAnyRecordAndWritten() {
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("problem", "diverged");
        structured.put("loss", Double.NaN);

        Map<String, Object> record = Map.of("error", Map.of("detail", codec.writableDetail(structured)));

        assertThat(written(record)).isEqualTo("{\"error\":{\"detail\":{\"problem\":\"diverged\",\"loss\":null}}}");
        assertThat(written(codec.writableDetail("teapot"))).isEqualTo("\"teapot\"");
    }

    @Test
    void aBodyOfTheWrongKindIsNamedInJsonsWordsNotJavas() {
        assertThat(refusal("[1, 2]", Map.class)).isEqualTo("Request body does not match object: expected an object, got an array");
        assertThat(refusal("{\"x\": \"one\", \"y\": 2}", Point.class))
                .isEqualTo("Request body does not match Point at 'x': expected a number, got a string");
        assertThat(refusal("{\"items\": {\"x\": 1}}", Points.class))
                .isEqualTo("Request body does not match Points at 'items': expected an array, got an object");
        assertThat(refusal("\"text\"", Point.class)).isEqualTo("Request body does not match Point: expected an object, got a string");
    }

    @Test
    void noDetailOfAMismatchNamesAJavaTypeOrAParserToken() {
        for (String json : List.of("[1, 2]", "{\"x\": [1], \"y\": 2}", "{\"x\": 1, \"y\": 2, \"z\": 3}", "{\"x\": true}", "7")) {
            for (Type type : List.of(Map.class, Point.class, Points.class, Input.class)) {
                Throwable thrown = catchThrowable(() -> read(json, type));
                if (thrown == null) {
                    continue;
                }
                String detail = String.valueOf(((HttpError) thrown).detail());
                assertThat(detail).as(json + " as " + type).doesNotContain("java.", "dev.litserve4j", "`", "JsonToken",
                        "class ");
            }
        }
    }
}
