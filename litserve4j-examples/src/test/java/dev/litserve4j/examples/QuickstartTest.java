package dev.litserve4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.LitServer;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's quickstart is this module's Quickstart.java, compiled by the build and run here. */
class QuickstartTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCE = Path.of("src", "main", "java", "dev", "litserve4j", "examples", "Quickstart.java");

    @Test
    void readmeShowsTheQuickstartSourceVerbatim() throws IOException {
        String source = Files.readString(SOURCE);
        String shown = source.substring(source.indexOf("import dev.litserve4j.Device;"));
        assertThat(Files.readString(README)).contains("```java\n" + shown + "```");
    }

    @Test
    void quickstartApiServesOverHttp() {
        try (LitServer server = Servers.local().api(new Quickstart.LinearApi()).build().start()) {
            assertThat(new Http(server.port()).post("/predict", "{\"input\": 21}").body())
                    .isEqualTo("{\"output\":42.0}");
        }
    }
}
