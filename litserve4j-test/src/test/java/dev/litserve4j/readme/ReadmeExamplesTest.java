package dev.litserve4j.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.ApiOptions;
import dev.litserve4j.examples.CountingStreamApi;
import dev.litserve4j.examples.SquareApi;
import dev.litserve4j.junit.LitServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's "Testing your LitApi" and "Calling from Java" examples are this package's files, shown
 * from their first import on: the build compiles them, SquareApiTest and CountingStreamApiTest run as
 * tests, and ClientExample runs here against a real server.
 */
class ReadmeExamplesTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCES = Path.of("src", "test", "java", "dev", "litserve4j", "readme");

    @RegisterExtension
    static final LitServerExtension server = LitServerExtension.configuring(builder -> builder
            .api(new SquareApi())
            .api(new CountingStreamApi(), ApiOptions.path("/count").stream(true)));

    @ParameterizedTest
    @ValueSource(strings = {"SquareApiTest.java", "CountingStreamApiTest.java", "ClientExample.java"})
    void readmeShowsTheExampleVerbatim(String file) throws IOException {
        String source = Files.readString(SOURCES.resolve(file));
        String shown = source.substring(source.indexOf("import "));
        assertThat(Files.readString(README)).contains("```java\n" + shown + "```");
    }

    @Test
    void theClientExampleRunsAgainstARealServer(URI uri) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ClientExample.run(uri, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly("16.0", "0", "1", "2",
                "400 field 'input' must be a number, e.g. {\"input\": 4.0}; got four");
    }
}
