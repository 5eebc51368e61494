package dev.litserve4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.litserve4j.ApiOptions;
import dev.litserve4j.examples.FailingApi;
import dev.litserve4j.examples.SlowApi;
import dev.litserve4j.examples.SquareApi;
import dev.litserve4j.junit.LitServerExtension;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** predict against the examples on a real server: typed and map answers, paths, errors, timeouts. */
class PredictIT {

    @RegisterExtension
    static final LitServerExtension server = LitServerExtension.configuring(builder -> builder
            .api(new SquareApi())
            .api(new FailingApi(), ApiOptions.path("/fail"))
            .api(new SlowApi(), ApiOptions.path("/slow")));

    record Input(double input) {
    }

    record Answer(double output) {
    }

    @Test
    void aRecordGoesInAndARecordComesOut(LitClient client) {
        assertThat(client.predict(new Input(4.0), Answer.class)).isEqualTo(new Answer(16.0));
    }

    @Test
    void aMapGoesInAndAGenericMapComesOut(LitClient client) {
        Map<String, Object> answer = client.predict(Map.of("input", 3), new TypeReference<Map<String, Object>>() { });
        assertThat(answer).isEqualTo(Map.of("output", 9.0));
    }

    @Test
    void aStringAnswerIsTheBodyAsItCameAndAJsonNodeIsTheTree(LitClient client) {
        assertThat(client.predict(Map.of("input", 2), String.class)).isEqualTo("{\"output\":4.0}");
        assertThat(client.predict(Map.of("input", 2), JsonNode.class).get("output").asDouble()).isEqualTo(4.0);
    }

    @Test
    void anApiOnItsOwnPathIsCalledByThatPath(LitClient client) {
        assertThat(client.predict("/fail", Map.of(), Map.class)).isEqualTo(Map.of("output", "ok"));
        assertThat(client.predict(Map.of("input", 5), Map.class, RequestOptions.path("/slow")))
                .isEqualTo(Map.of("output", 5));
    }

    @Test
    void anHttpErrorOfTheApiIsAnExceptionWithItsStatusAndDetail(LitClient client, URI uri) {
        assertThatThrownBy(() -> client.predict("/fail", Map.of("status", 418, "detail", "teapot"), Map.class))
                .isInstanceOfSatisfying(LitHttpException.class, e -> {
                    assertThat(e.status()).isEqualTo(418);
                    assertThat(e.detail()).isEqualTo("teapot");
                    assertThat(e.detailJson()).hasValueSatisfying(d -> assertThat(d.textValue()).isEqualTo("teapot"));
                    assertThat(e).hasMessage("POST " + uri + "/fail answered 418: teapot");
                });
    }

    @Test
    void aStructuredDetailIsKeptAsJson(LitClient client) {
        assertThatThrownBy(() -> client.predict("/fail", Map.of("status", 422, "detail", Map.of("field", "input")),
                Map.class)).isInstanceOfSatisfying(LitHttpException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.detail()).isEqualTo("{\"field\":\"input\"}");
                    assertThat(e.detailJson()).hasValueSatisfying(d -> assertThat(d.get("field").asText()).isEqualTo("input"));
                });
    }

    @Test
    void aBadInputIsA400WithTheServersExplanation(LitClient client) {
        assertThatThrownBy(() -> client.predict(Map.of("x", 4.0), Answer.class))
                .isInstanceOfSatisfying(LitHttpException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.detail()).startsWith("field 'input' must be a number");
                });
    }

    @Test
    void aCrashInTheApiIsA500AndAnUnknownPathA404(LitClient client) {
        assertThatThrownBy(() -> client.predict("/fail", Map.of("crash", true), Map.class))
                .isInstanceOfSatisfying(LitHttpException.class, e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.detail()).isEqualTo("Internal server error");
                });
        assertThatThrownBy(() -> client.predict("/nowhere", Map.of(), Map.class))
                .isInstanceOfSatisfying(LitHttpException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void anAnswerThatIsNotTheAskedTypeIsAClientExceptionNamingTheType(LitClient client) {
        assertThatThrownBy(() -> client.predict("/fail", Map.of(), Answer.class))
                .isInstanceOf(LitClientException.class).isNotInstanceOf(LitHttpException.class)
                .hasMessageContaining("/fail is not a").hasMessageContaining("Answer");
    }

    @Test
    void aCallPastItsOwnTimeoutFailsAtTheTimeoutNotWhenTheServerAnswers(LitClient client) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.predict(Map.of("input", 1, "sleep", 2), Map.class,
                RequestOptions.path("/slow").timeout(Duration.ofMillis(300))))
                .isInstanceOf(LitTimeoutException.class).hasMessageContaining("within PT0.3S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1800));
    }
}
