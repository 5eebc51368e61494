package dev.litserve4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The NDJSON reader alone, on bodies made here; the socket tests are in litserve4j-test. */
class NdjsonStreamTest {

    record Chunk(int output) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A body that records whether it was closed. */
    static final class Body extends ByteArrayInputStream {
        final AtomicBoolean closed = new AtomicBoolean();

        Body(String text) {
            super(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private static <T> Stream<T> open(Body body, Class<T> type) {
        return NdjsonStream.open(body, new AnswerReader<>(JSON, JSON.constructType(type)), new ErrorBodies(JSON),
                "POST /predict");
    }

    @Test
    void linesAreReadAsTheTypeAndTheBodyIsClosedAtItsEnd() {
        Body body = new Body("{\"output\":0}\n\n{\"output\":1}\n");
        assertThat(open(body, Chunk.class).toList()).containsExactly(new Chunk(0), new Chunk(1));
        assertThat(body.closed).isTrue();
    }

    @Test
    void anErrorLineEndsTheStreamWithItsStatusAndDetail() {
        Body body = new Body("{\"output\":0}\n{\"error\":{\"status\":500,\"detail\":\"Internal server error\"}}\n");
        Iterator<Chunk> chunks = open(body, Chunk.class).iterator();
        assertThat(chunks.next()).isEqualTo(new Chunk(0));
        assertThatThrownBy(chunks::next).isInstanceOfSatisfying(LitHttpException.class, e -> {
            assertThat(e.status()).isEqualTo(500);
            assertThat(e.detail()).isEqualTo("Internal server error");
        });
        assertThat(body.closed).isTrue();
    }

    @Test
    void anOutputThatMerelyHasAnErrorFieldIsData() {
        Body body = new Body("{\"error\":\"none\"}\n{\"error\":{\"code\":7}}\n");
        assertThat(open(body, Object.class).toList()).hasSize(2);
    }

    @Test
    void closingTheStreamEarlyClosesTheBody() {
        Body body = new Body("{\"output\":0}\n{\"output\":1}\n{\"output\":2}\n");
        try (Stream<Chunk> chunks = open(body, Chunk.class)) {
            assertThat(chunks.findFirst()).hasValue(new Chunk(0));
            assertThat(body.closed).isFalse();
        }
        assertThat(body.closed).isTrue();
    }

    @Test
    void textLinesAreGivenAsTheyCameButAnErrorLineStillThrows() {
        assertThat(open(new Body("hello\n{\"a\": 1}\n"), String.class).toList()).isEqualTo(List.of("hello", "{\"a\": 1}"));
        assertThatThrownBy(() -> open(new Body("hi\n{\"error\":{\"status\":504,\"detail\":\"late\"}}\n"), String.class).toList())
                .isInstanceOf(LitHttpException.class).hasMessageContaining("504: late");
    }

    @Test
    void aLineThatIsNotTheTypeFailsNamingTheRequest() {
        assertThatThrownBy(() -> open(new Body("{\"output\":\"x\"}\n"), Chunk.class).toList())
                .isInstanceOf(LitClientException.class).hasMessageContaining("the answer of POST /predict is not a");
    }
}
