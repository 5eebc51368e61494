package dev.litserve4j.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.Emitter;
import dev.litserve4j.LitApi;
import dev.litserve4j.RequestContext;
import dev.litserve4j.junit.LitServerExtension;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A stream the caller stops reading is cancelled: the server's emitter fails and generation stops. */
class StreamCancellationIT {

    /** Emits until its emitter fails; records how it ended. */
    static final class Endless implements LitApi<Map<String, Object>, Map<String, Object>> {
        final AtomicInteger emitted = new AtomicInteger();
        final CountDownLatch cancelled = new CountDownLatch(1);

        @Override
        public void predictStream(Map<String, Object> in, RequestContext ctx, Emitter<Map<String, Object>> out)
                throws InterruptedException {
            try {
                for (int i = 0; ; i++) {
                    out.emit(Map.of("output", i));
                    emitted.incrementAndGet();
                }
            } catch (CancellationException e) {
                cancelled.countDown();
                throw e;
            }
        }
    }

    // An instance field: a fresh API and server for each test.
    final Endless endless = new Endless();

    @RegisterExtension
    final LitServerExtension server = LitServerExtension.configuring(builder -> builder.api(endless).stream(true));

    record Count(long output) {
    }

    @Test
    void closingAStreamEarlyCancelsTheRequestAndTheServerStopsGenerating(LitClient client) throws Exception {
        try (Stream<Count> counts = client.stream(Map.of(), Count.class)) {
            assertThat(counts.limit(3).map(Count::output).toList()).containsExactly(0L, 1L, 2L);
            assertThat(endless.cancelled.getCount()).isEqualTo(1); // still generating while the stream is open
        }
        assertThat(endless.cancelled.await(10, TimeUnit.SECONDS)).as("the server's emitter failed").isTrue();
        int atCancel = endless.emitted.get();
        assertThat(client.health()).isTrue(); // the worker is free again
        assertThat(endless.emitted.get()).isEqualTo(atCancel);
    }

    @Test
    void aStreamIsReadLazilySoAnEndlessOneCanBeConsumedInPart(LitClient client) throws Exception {
        try (Stream<Count> counts = client.stream(Map.of(), Count.class)) {
            assertThat(counts.skip(1000).findFirst()).hasValue(new Count(1000));
        }
        assertThat(endless.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
