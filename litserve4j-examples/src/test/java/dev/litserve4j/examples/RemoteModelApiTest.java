package dev.litserve4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.ApiOptions;
import dev.litserve4j.LitServer;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's predictAsync example is RemoteModelApi.java, shown verbatim and served here against a real remote. */
class RemoteModelApiTest {

    private static final Path SOURCE = Path.of("src", "main", "java", "dev", "litserve4j", "examples", "RemoteModelApi.java");

    @Test
    void readmeShowsTheSourceVerbatim() throws IOException {
        String source = Files.readString(SOURCE);
        String shown = source.substring(source.indexOf("import com.fasterxml.jackson.core.type.TypeReference;"));
        assertThat(Files.readString(Path.of("..", "README.md"))).contains("```java\n" + shown + "```");
    }

    @Test
    void oneWorkerForwardsConcurrentRequestsToTheRemoteModelAndAnswersEach() throws Exception {
        try (LitServer remote = Servers.local().api(new SquareApi()).build().start();
                LitServer server = Servers.local().workersPerDevice(1)
                        .api(new RemoteModelApi(URI.create("http://127.0.0.1:" + remote.port() + "/predict")),
                                ApiOptions.defaults().maxConcurrentPerWorker(32))
                        .build().start()) {
            Http http = new Http(server.port());
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(http.postAsync("/predict", "{\"input\": " + i + "}"));
            }
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> answer = answers.get(i).get(20, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("{\"output\":" + (double) (i * i) + "}");
            }
        }
    }

    @Test
    void aRemoteThatRefusesIsA502WithItsStatus() {
        try (LitServer remote = Servers.local().api(new SquareApi()).build().start();
                LitServer server = Servers.local()
                        .api(new RemoteModelApi(URI.create("http://127.0.0.1:" + remote.port() + "/nowhere")))
                        .build().start()) {
            HttpResponse<String> answer = new Http(server.port()).post("/predict", "{\"input\": 2}");

            assertThat(answer.statusCode()).isEqualTo(502);
            assertThat(answer.body()).isEqualTo("{\"detail\":\"The remote model answered 404\"}");
        }
    }
}
