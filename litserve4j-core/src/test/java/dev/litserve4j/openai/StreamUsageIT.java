package dev.litserve4j.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litserve4j.LitServer;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code stream_options.include_usage} as OpenAI has it: the usage chunk comes only when asked for. */
class StreamUsageIT {

    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"lit serve for java\"}]";

    private static List<JsonNode> stream(Http http, String options) {
        HttpResponse<String> response = http.post("/v1/chat/completions",
                "{\"stream\":true," + options + MESSAGES + "}");
        assertThat(response.statusCode()).isEqualTo(200);
        return Sse.events(response.body());
    }

    @Test
    void aStreamThatDoesNotAskForUsageHasNoUsageChunkAndNoUsageField() {
        try (LitServer server = Servers.start(new WordChat())) {
            Http http = new Http(server.port());
            for (String options : List.of("", "\"stream_options\":{},", "\"stream_options\":{\"include_usage\":false},")) {
                List<JsonNode> events = stream(http, options);

                assertThat(events).hasSize(5); // four words, then the closing chunk
                assertThat(events).allSatisfy(e -> assertThat(e.has("usage")).isFalse());
                assertThat(events).allSatisfy(e -> assertThat(e.get("choices")).hasSize(1));
                assertThat(events.get(4).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
            }
        }
    }

    @Test
    void aStreamThatAsksForUsageEndsWithAUsageChunkWithoutChoices() {
        try (LitServer server = Servers.start(new WordChat())) {
            List<JsonNode> events = stream(new Http(server.port()), "\"stream_options\":{\"include_usage\":true},");

            assertThat(events).hasSize(6); // four words, the closing chunk, the usage chunk
            JsonNode usage = events.get(5);
            assertThat(usage.get("choices")).isEmpty();
            assertThat(usage.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(usage.get("id")).isEqualTo(events.get(0).get("id"));
            assertThat(usage.get("usage").get("prompt_tokens").asInt()).isEqualTo(4);
            assertThat(usage.get("usage").get("completion_tokens").asInt()).isEqualTo(4);
            assertThat(usage.get("usage").get("total_tokens").asInt()).isEqualTo(8);
            assertThat(events.subList(0, 5)).allSatisfy(e -> assertThat(e.get("usage").isNull()).isTrue());
            assertThat(events.get(4).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        }
    }

    @Test
    void aNonStreamedAnswerCarriesItsUsageWhateverTheStreamOptions() {
        try (LitServer server = Servers.start(new WordChat())) {
            Http http = new Http(server.port());
            for (String options : List.of("", "\"stream_options\":{\"include_usage\":false},")) {
                HttpResponse<String> response = http.post("/v1/chat/completions", "{" + options + MESSAGES + "}");

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(Sse.json(response.body()).at("/usage/total_tokens").asInt()).isEqualTo(8);
            }
        }
    }

    @Test
    void streamOptionsOfTheWrongTypeAre400NamingTheField() {
        try (LitServer server = Servers.start(new WordChat())) {
            Http http = new Http(server.port());
            HttpResponse<String> notAnObject = http.post("/v1/chat/completions",
                    "{\"stream\":true,\"stream_options\":true," + MESSAGES + "}");
            HttpResponse<String> notABoolean = http.post("/v1/chat/completions",
                    "{\"stream\":true,\"stream_options\":{\"include_usage\":\"yes\"}," + MESSAGES + "}");

            assertThat(notAnObject.statusCode()).isEqualTo(400);
            assertThat(Sse.json(notAnObject.body()).at("/error/param").asText()).isEqualTo("stream_options");
            assertThat(notABoolean.statusCode()).isEqualTo(400);
            assertThat(Sse.json(notABoolean.body()).at("/error/param").asText()).isEqualTo("stream_options.include_usage");
        }
    }
}
