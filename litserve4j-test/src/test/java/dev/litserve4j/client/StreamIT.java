package dev.litserve4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.litserve4j.ApiOptions;
import dev.litserve4j.Emitter;
import dev.litserve4j.HttpError;
import dev.litserve4j.LitApi;
import dev.litserve4j.RequestContext;
import dev.litserve4j.examples.CountingStreamApi;
import dev.litserve4j.junit.LitServerExtension;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** stream against CountingStreamApi and APIs that fail mid-stream, on a real server. */
class StreamIT {

    /** Emits {"output": 0} and {"output": 1}, then fails as the request asks. */
    static final class FailsMidStream implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public void predictStream(Map<String, Object> in, RequestContext ctx, Emitter<Map<String, Object>> out)
                throws InterruptedException {
            out.emit(Map.of("output", 0));
            out.emit(Map.of("output", 1));
            if (Boolean.TRUE.equals(in.get("crash"))) {
                throw new IllegalStateException("crashed on purpose");
            }
            throw new HttpError(422, "ran out of input");
        }
    }

    @RegisterExtension
    static final LitServerExtension server = LitServerExtension.configuring(builder -> builder.stream(true)
            .api(new CountingStreamApi())
            .api(new FailsMidStream(), ApiOptions.path("/fails")));

    record Count(long output) {
    }

    @Test
    void aStreamIsReadToItsEndAsTypedChunks(LitClient client) {
        try (Stream<Count> counts = client.stream(Map.of("n", 5), Count.class)) {
            assertThat(counts.map(Count::output).toList()).containsExactly(0L, 1L, 2L, 3L, 4L);
        }
    }

    @Test
    void chunksCanBeGenericMaps(LitClient client) {
        try (Stream<Map<String, Object>> counts = client.stream(Map.of("n", 2), new TypeReference<>() { })) {
            assertThat(counts.toList()).isEqualTo(List.of(Map.of("output", 0), Map.of("output", 1)));
        }
    }

    @Test
    void anErrorAfterTheFirstChunkEndsTheStreamWithItsStatusAndDetail(LitClient client) {
        try (Stream<Count> counts = client.stream("/fails", Map.of(), Count.class)) {
            Iterator<Count> chunks = counts.iterator();
            assertThat(chunks.next()).isEqualTo(new Count(0));
            assertThat(chunks.next()).isEqualTo(new Count(1));
            assertThatThrownBy(chunks::next).isInstanceOfSatisfying(LitHttpException.class, e -> {
                assertThat(e.status()).isEqualTo(422);
                assertThat(e.detail()).isEqualTo("ran out of input");
            });
        }
        assertThatThrownBy(() -> client.stream("/fails", Map.of("crash", true), Count.class).toList())
                .isInstanceOfSatisfying(LitHttpException.class, e -> assertThat(e.status()).isEqualTo(500));
    }

    @Test
    void anErrorBeforeTheFirstChunkIsThrownByTheCallItself(LitClient client) {
        assertThatThrownBy(() -> client.stream(Map.of("n", -1), Count.class))
                .isInstanceOfSatisfying(LitHttpException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.detail()).startsWith("field 'n' must be a whole number");
                });
    }

    @Test
    void aStreamWhoseFirstChunkComesAfterTheTimeoutTimesOut(LitClient client) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.stream(Map.of("n", 1, "delay_ms", 3000), Count.class,
                RequestOptions.defaults().timeout(Duration.ofMillis(300)))).isInstanceOf(LitTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }
}
