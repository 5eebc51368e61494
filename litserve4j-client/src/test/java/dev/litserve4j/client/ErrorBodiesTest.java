package dev.litserve4j.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An error answer's body and headers, read into a LitHttpException. */
class ErrorBodiesTest {

    private final ErrorBodies errors = new ErrorBodies(new ObjectMapper());
    private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (name, value) -> true);

    private LitHttpException read(int status, String body, HttpHeaders headers) {
        return errors.fromAnswer("POST /predict", status, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    @Test
    void aStringDetailIsTheDetail() {
        LitHttpException e = read(400, "{\"detail\":\"field 'input' must be a number\"}", NONE);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.detail()).isEqualTo("field 'input' must be a number");
        assertThat(e).hasMessage("POST /predict answered 400: field 'input' must be a number");
    }

    @Test
    void aBodyWithoutDetailIsTheDetailAsText() {
        assertThat(read(503, "not ready", NONE).detail()).isEqualTo("not ready");
        assertThat(read(503, "not ready", NONE).detailJson()).isEmpty();
        assertThat(read(400, "{\"error\":{\"message\":\"bad\"}}", NONE).detail()).isEqualTo("{\"error\":{\"message\":\"bad\"}}");
        assertThat(read(502, "", NONE).detail()).isEmpty();
    }

    @Test
    void headersAreFoundInAnyCase() {
        HttpHeaders headers = HttpHeaders.of(Map.of("Retry-After", List.of("1")), (name, value) -> true);
        LitHttpException e = read(503, "{\"detail\":\"busy\"}", headers);
        assertThat(e.header("retry-after")).hasValue("1");
        assertThat(e.header("RETRY-AFTER")).hasValue("1");
        assertThat(e.header("X-Other")).isEmpty();
    }

    @Test
    void aLongBodyIsShortenedInTheMessageOnly() {
        String page = "<html>" + "x".repeat(5000) + "</html>";
        LitHttpException e = read(502, page, NONE);
        assertThat(e.detail()).isEqualTo(page);
        assertThat(e.getMessage()).hasSizeLessThan(600).endsWith("...");
    }
}
