package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeIT {

    static final class Square implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> in) {
            double x = ((Number) in.get("input")).doubleValue();
            return Map.of("output", x * x);
        }
    }

    @Test
    void squaresOverRealHttp() {
        try (LitServer server = Servers.start(new Square())) {
            Http http = new Http(server.port());
            var response = http.post("/predict", "{\"input\": 4.0}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"output\":16.0}");
            assertThat(http.get("/health").body()).isEqualTo("ok");
        }
    }
}
