package dev.litserve4j.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.litserve4j.LitServer;
import dev.litserve4j.client.LitClient;
import dev.litserve4j.examples.CountingStreamApi;
import dev.litserve4j.junit.LitServerExtension;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CountingStreamApiTest {

    @RegisterExtension   // static: one server for the class; add .perMethod() for one per test
    static final LitServerExtension server = LitServerExtension.configuring(builder -> builder
            .api(new CountingStreamApi())
            .stream(true)
            .timeout(Duration.ofSeconds(5)));

    record Count(long output) {}

    @Test
    void streamsItsCount(LitClient client) {
        try (Stream<Count> counts = client.stream(Map.of("n", 3), Count.class)) {
            assertEquals(List.of(0L, 1L, 2L), counts.map(Count::output).toList());
        }
    }

    @Test
    void listensOnAFreePortOfTheLoopback(URI uri, LitServer litServer) {
        assertEquals(URI.create("http://127.0.0.1:" + litServer.port()), uri);
    }
}
