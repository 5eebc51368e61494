package dev.litserve4j.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.litserve4j.client.LitClient;
import dev.litserve4j.client.LitHttpException;
import dev.litserve4j.examples.SquareApi;
import dev.litserve4j.junit.LitServerTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@LitServerTest(SquareApi.class)   // one server for the class, on 127.0.0.1 and a free port
class SquareApiTest {

    record Answer(double output) {}

    @Test
    void squaresItsInput(LitClient client) {
        assertEquals(16.0, client.predict(Map.of("input", 4.0), Answer.class).output());
    }

    @Test
    void refusesAnInputThatIsNotANumber(LitClient client) {
        LitHttpException e = assertThrows(LitHttpException.class,
                () -> client.predict(Map.of("input", "four"), Answer.class));
        assertEquals(400, e.status());
        assertEquals("field 'input' must be a number, e.g. {\"input\": 4.0}; got four", e.detail());
    }
}
