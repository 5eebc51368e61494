package dev.litserve4j.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailedAttemptLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final FailedAttemptLimiter limiter = new FailedAttemptLimiter(5, Duration.ofSeconds(60), now::get);
    private final InetAddress client = InetAddress.getLoopbackAddress();

    private void advanceSeconds(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void fiveFailuresLockTheAddressUntilTheOldestLeavesTheWindow() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.retryAfterSeconds(client)).isZero();
            limiter.recordFailure(client);
            advanceSeconds(1);
        }
        // Oldest failure was 5 s ago: 55 s left in its window.
        assertThat(limiter.retryAfterSeconds(client)).isEqualTo(55);
        advanceSeconds(54);
        assertThat(limiter.retryAfterSeconds(client)).isEqualTo(1);
        advanceSeconds(1);
        assertThat(limiter.retryAfterSeconds(client)).isZero();
    }

    @Test
    void failuresOutsideTheWindowDoNotCount() {
        for (int i = 0; i < 4; i++) {
            limiter.recordFailure(client);
        }
        advanceSeconds(61);
        limiter.recordFailure(client);
        assertThat(limiter.retryAfterSeconds(client)).isZero();
    }

    @Test
    void addressesAreCountedSeparately() throws Exception {
        InetAddress other = InetAddress.getByName("192.0.2.7");
        for (int i = 0; i < 5; i++) {
            limiter.recordFailure(client);
        }
        assertThat(limiter.retryAfterSeconds(client)).isPositive();
        assertThat(limiter.retryAfterSeconds(other)).isZero();
    }

    @Test
    void memoryIsBoundedByForgettingTheLeastRecentAddress() throws Exception {
        InetAddress first = InetAddress.getByAddress(new byte[] {10, 0, 0, 1});
        for (int i = 0; i < 5; i++) {
            limiter.recordFailure(first);
        }
        for (int i = 0; i < FailedAttemptLimiter.MAX_ADDRESSES; i++) {
            limiter.recordFailure(InetAddress.getByAddress(new byte[] {11, (byte) (i >> 16), (byte) (i >> 8), (byte) i}));
        }
        assertThat(limiter.retryAfterSeconds(first)).isZero();
    }
}
