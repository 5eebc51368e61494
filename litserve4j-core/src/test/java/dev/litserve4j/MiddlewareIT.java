package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Middlewares around every route: adding response headers and rejecting requests. */
class MiddlewareIT {

    static final class Square implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> in) {
            int x = ((Number) in.get("input")).intValue();
            return Map.of("output", x * x);
        }
    }

    static final class RequestId implements Middleware {
        @Override
        public void onResponse(Exchange exchange, int status) {
            exchange.setResponseHeader("X-Request-Id", "00000");
        }
    }

    /** Only lets through requests forwarded for {@code trusted.example} (the JDK client may not set Host). */
    static final class TrustedHost implements Middleware {
        @Override
        public void onRequest(Exchange exchange) {
            if (!"trusted.example".equals(exchange.header("X-Forwarded-Host"))) {
                throw new HttpError(400, "Invalid host header");
            }
        }
    }

    @Test
    void responseHeaderAddedByAMiddlewareIsOnPredictAnswers() {
        try (LitServer server = Servers.local().api(new Square()).middlewares(new RequestId()).build().start()) {
            HttpResponse<String> response = new Http(server.port()).post("/predict", "{\"input\": 3}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"output\":9}");
            assertThat(response.headers().firstValue("X-Request-Id")).hasValue("00000");
        }
    }

    @Test
    void responseHeaderAddedByAMiddlewareIsOnHealthAnswers() {
        try (LitServer server = Servers.local().api(new Square()).middlewares(new RequestId()).build().start()) {
            HttpResponse<String> response = new Http(server.port()).get("/health");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Request-Id")).hasValue("00000");
        }
    }

    @Test
    void middlewareThrowingHttpErrorRejectsTheRequestWithItsStatusAndDetail() {
        try (LitServer server = Servers.local().api(new Square()).middlewares(new TrustedHost()).build().start()) {
            Http http = new Http(server.port());

            HttpResponse<String> rejected = http.post("/predict", "{\"input\": 3}");
            HttpResponse<String> accepted = http.send(http.request("/predict")
                    .header("X-Forwarded-Host", "trusted.example")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"input\": 3}")).build());

            assertThat(rejected.statusCode()).isEqualTo(400);
            assertThat(rejected.body()).isEqualTo("{\"detail\":\"Invalid host header\"}");
            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(accepted.body()).isEqualTo("{\"output\":9}");
        }
    }
}
