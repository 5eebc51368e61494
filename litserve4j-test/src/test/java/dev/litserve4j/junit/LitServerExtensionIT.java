package dev.litserve4j.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.LitServer;
import dev.litserve4j.client.LitClient;
import dev.litserve4j.examples.SquareApi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The extension as a build meets it: sample test classes (nested here, so the build does not run them on
 * its own) are run through the JUnit Platform, and what they were given is checked once they are done.
 */
class LitServerExtensionIT {

    /** What one sample test was given. */
    record Seen(LitServer server, URI uri, double answer) {
    }

    static final List<Seen> seen = new CopyOnWriteArrayList<>();

    record Answer(double output) {
    }

    static void record(LitServer server, URI uri, LitClient client) {
        seen.add(new Seen(server, uri, client.predict(Map.of("input", 3.0), Answer.class).output()));
    }

    @LitServerTest(SquareApi.class)
    static class AnnotatedSample {
        @Test
        void one(LitServer server, URI uri, LitClient client) {
            record(server, uri, client);
        }

        @Test
        void two(LitServer server, URI uri, LitClient client) {
            record(server, uri, client);
        }
    }

    static class PerMethodSample {
        @RegisterExtension
        static final LitServerExtension server = LitServerExtension.serving(new SquareApi()).perMethod();

        @Test
        void one(LitServer server, URI uri, LitClient client) {
            record(server, uri, client);
        }

        @Test
        void two(LitServer server, URI uri, LitClient client) {
            record(server, uri, client);
        }
    }

    static class ConstructorSample {
        @RegisterExtension
        static final LitServerExtension server = LitServerExtension.serving(new SquareApi());

        private final LitClient client;

        ConstructorSample(LitClient client) {
            this.client = client;
        }

        @Test
        void one(LitServer litServer, URI uri) {
            assertThat(litServer).isSameAs(server.server());
            assertThat(uri).isEqualTo(server.uri());
            record(litServer, uri, client);
        }
    }

    static class ConstructorPerMethodSample {
        @RegisterExtension
        static final LitServerExtension server = LitServerExtension.serving(new SquareApi()).perMethod();

        ConstructorPerMethodSample(LitClient client) {
        }

        @Test
        void one() {
        }
    }

    @ExtendWith(LitServerExtension.class)
    static class NoAnnotationSample {
        @Test
        void one(LitClient client) {
        }
    }

    private static List<Seen> run(Class<?> sample, int tests) {
        seen.clear();
        TestExecutionSummary summary = SampleRun.of(sample);
        assertThat(SampleRun.failures(summary)).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(tests);
        assertThat(seen).hasSize(tests);
        return List.copyOf(seen);
    }

    private static void assertStopped(Seen seen) throws Exception {
        assertThat(seen.server().awaitTermination(Duration.ZERO)).as("terminated").isTrue();
        assertThat(seen.answer()).isEqualTo(9.0);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", seen.uri().getPort()), 2000);
            throw new AssertionError("port " + seen.uri().getPort() + " still accepts connections");
        } catch (IOException refused) {
            // closed, as it should be
        }
    }

    @Test
    void theAnnotationServesOneServerForTheClassInjectsItAndStopsItAfter() throws Exception {
        List<Seen> seen = run(AnnotatedSample.class, 2);
        assertThat(seen.get(0).server()).isSameAs(seen.get(1).server());
        Seen one = seen.get(0);
        assertThat(one.uri()).isEqualTo(URI.create("http://127.0.0.1:" + one.server().port()));
        assertThat(one.server().host()).isEqualTo("127.0.0.1");
        assertThat(one.server().configuredPort()).isZero();
        assertStopped(one);
    }

    @Test
    void perMethodGivesEachTestItsOwnServerAndStopsEachAfterItsTest() throws Exception {
        List<Seen> seen = run(PerMethodSample.class, 2);
        assertThat(seen.get(0).server()).isNotSameAs(seen.get(1).server());
        assertThat(seen.get(0).uri()).isNotEqualTo(seen.get(1).uri());
        assertStopped(seen.get(0));
        assertStopped(seen.get(1));
    }

    @Test
    void aServerForTheClassIsInjectedIntoTheConstructorToo() throws Exception {
        assertStopped(run(ConstructorSample.class, 1).get(0));
    }

    @Test
    void aServerPerMethodCannotBeInjectedIntoTheConstructorAndSaysWhere() {
        TestExecutionSummary summary = SampleRun.of(ConstructorPerMethodSample.class);
        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(SampleRun.failures(summary).get(0)).contains("no LitServer is running")
                .contains("parameter of the test or of a @BeforeEach method");
    }

    @Test
    void theExtensionWithoutTheAnnotationSaysHowToConfigureIt() {
        TestExecutionSummary summary = SampleRun.of(NoAnnotationSample.class);
        assertThat(summary.getTotalFailureCount()).isEqualTo(1);
        assertThat(SampleRun.failures(summary).get(0)).contains("has no @LitServerTest")
                .contains("LitServerExtension.serving(new YourApi())");
    }
}
