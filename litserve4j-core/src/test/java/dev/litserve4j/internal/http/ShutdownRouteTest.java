package dev.litserve4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ShutdownRouteTest {

    @Test
    void keyChecksRunOnOneNamedDaemonThreadBehindABoundedQueueThatEndsWhenIdle() throws Exception {
        ExecutorService executor = ShutdownRoute.keyCheckExecutor();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> worker = new AtomicReference<>();
        try {
            executor.execute(() -> {
                worker.set(Thread.currentThread());
                running.countDown();
                await(release);
            });
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(worker.get().getName()).isEqualTo("litserve4j-shutdown-key");
            assertThat(worker.get().isDaemon()).isTrue();

            CountDownLatch queued = new CountDownLatch(ShutdownRoute.KEY_CHECK_QUEUE);
            for (int i = 0; i < ShutdownRoute.KEY_CHECK_QUEUE; i++) {
                executor.execute(() -> {
                    assertThat(Thread.currentThread()).isSameAs(worker.get());
                    queued.countDown();
                });
            }
            assertThatThrownBy(() -> executor.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);

            release.countDown();
            assertThat(queued.await(5, TimeUnit.SECONDS)).isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !worker.get().isAlive());
        } finally {
            release.countDown();
            executor.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
