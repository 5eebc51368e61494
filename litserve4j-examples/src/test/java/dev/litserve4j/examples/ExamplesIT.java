package dev.litserve4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.ApiOptions;
import dev.litserve4j.Callback;
import dev.litserve4j.LitApi;
import dev.litserve4j.LitServer;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The examples' names and behaviour are a contract: scripts start them by class name. */
class ExamplesIT {

    @Test
    void squareApiSquaresItsInput() {
        try (LitServer server = Servers.start(new SquareApi())) {
            Http http = new Http(server.port());
            assertThat(http.post("/predict", "{\"input\": 4.0}").body()).isEqualTo("{\"output\":16.0}");
            HttpResponse<String> missing = http.post("/predict", "{\"x\": 4.0}");
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(missing.body()).contains("field 'input' must be a number");
            HttpResponse<String> huge = http.post("/predict", "{\"input\": 1e200}");
            assertThat(huge.statusCode()).isEqualTo(400);
            assertThat(huge.body()).contains("too large to square");
        }
    }

    @Test
    void batchedSquareApiAnswersConcurrentRequestsThroughTheBatchHook() throws Exception {
        AtomicInteger batches = new AtomicInteger();
        Callback countBatches = new Callback() {
            @Override
            public void onBeforePredict(LitApi<?, ?> api) {
                batches.incrementAndGet();
            }
        };
        try (LitServer server = Servers.local().callbacks(countBatches)
                .api(new BatchedSquareApi(), ApiOptions.defaults().maxBatchSize(8).batchTimeout(Duration.ofMillis(50)))
                .build().start()) {
            Http http = new Http(server.port());
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(http.postAsync("/predict", "{\"input\": " + i + "}"));
            }
            for (int i = 0; i < 16; i++) {
                assertThat(answers.get(i).get(20, TimeUnit.SECONDS).body()).isEqualTo("{\"output\":" + (double) i * i + "}");
            }
            assertThat(batches.get()).isBetween(2, 16);
        }
    }

    @Test
    void slowApiEchoesItsInputAfterSleeping() {
        try (LitServer server = Servers.start(new SlowApi())) {
            Http http = new Http(server.port());
            assertThat(http.post("/predict", "{\"input\": 7, \"sleep\": 0.01}").body()).isEqualTo("{\"output\":7}");
            assertThat(http.post("/predict", "{\"input\": 7, \"sleep\": \"long\"}").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void failingApiFailsAsAsked() {
        try (LitServer server = Servers.start(new FailingApi())) {
            Http http = new Http(server.port());
            HttpResponse<String> teapot = http.post("/predict", "{\"status\": 418, \"detail\": \"teapot\"}");
            assertThat(teapot.statusCode()).isEqualTo(418);
            assertThat(teapot.body()).isEqualTo("{\"detail\":\"teapot\"}");
            HttpResponse<String> crash = http.post("/predict", "{\"crash\": true}");
            assertThat(crash.statusCode()).isEqualTo(500);
            assertThat(crash.body()).isEqualTo("{\"detail\":\"Internal server error\"}");
            assertThat(http.post("/predict", "{}").body()).isEqualTo("{\"output\":\"ok\"}");
        }
    }

    @Test
    void countingStreamApiStreamsItsCountAsNdjson() {
        try (LitServer server = Servers.local().api(new CountingStreamApi()).stream(true).build().start()) {
            Http http = new Http(server.port());
            HttpResponse<String> response = http.post("/predict", "{\"n\": 3, \"delay_ms\": 1}");
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
            assertThat(response.body()).isEqualTo("{\"output\":0}\n{\"output\":1}\n{\"output\":2}\n");
            assertThat(http.post("/predict", "{\"n\": -1}").statusCode()).isEqualTo(400);
        }
    }
}
