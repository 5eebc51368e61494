package dev.litserve4j.readme;

import dev.litserve4j.client.LitClient;
import dev.litserve4j.client.LitHttpException;
import dev.litserve4j.client.RequestOptions;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

public final class ClientExample {

    record Square(double output) {}

    record Count(long output) {}

    static void run(URI server, PrintStream out) {   // server: http://127.0.0.1:8000, say
        LitClient client = LitClient.builder(server)
                .timeout(Duration.ofSeconds(10))
                .retryOn503(3, Duration.ofSeconds(5))   // a full queue's 503 says when to retry: wait, retry
                .build();

        Square square = client.predict(Map.of("input", 4.0), Square.class);
        out.println(square.output());                                         // 16.0

        try (Stream<Count> counts = client.stream("/count", Map.of("n", 1000), Count.class)) {
            counts.limit(3).forEach(count -> out.println(count.output()));   // 0 1 2; closing cancels the rest
        }

        try {
            client.predict(Map.of("input", "four"), Square.class,
                    RequestOptions.defaults().timeout(Duration.ofSeconds(2)));
        } catch (LitHttpException e) {
            out.println(e.status() + " " + e.detail());                      // 400 field 'input' must be a number...
        }
    }
}
