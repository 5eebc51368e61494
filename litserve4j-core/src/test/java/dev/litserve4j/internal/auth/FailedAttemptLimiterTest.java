package dev.litserve4j.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class FailedAttemptLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    // A server-wide budget no test of the per-client limit reaches, so that it is the one under test.
    private final FailedAttemptLimiter limiter = new FailedAttemptLimiter(5, Duration.ofSeconds(60),
            1_000_000, Duration.ofSeconds(60), now::get);
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
    void aLockedOutAddressIsNotForgottenWhenManyOtherAddressesFail() throws Exception {
        InetAddress first = ipv4(10, 0, 0, 1);
        for (int i = 0; i < 5; i++) {
            limiter.recordFailure(first);
        }
        for (int i = 0; i < 2 * FailedAttemptLimiter.MAX_CLIENTS; i++) {
            limiter.recordFailure(ipv4(11, i >> 16, i >> 8, i));
        }
        assertThat(limiter.check(first).retryAfterSeconds()).isPositive();
        assertThat(limiter.check(first).serverWide()).isFalse();
        assertThat(limiter.remembered()).isEqualTo(FailedAttemptLimiter.MAX_CLIENTS);
    }

    @Test
    void theLeastRecentAddressThatIsNotLockedOutIsForgottenToMakeRoom() throws Exception {
        InetAddress first = ipv4(10, 0, 0, 1);
        limiter.recordFailure(first);
        for (int i = 0; i < FailedAttemptLimiter.MAX_CLIENTS; i++) {
            limiter.recordFailure(ipv4(11, i >> 16, i >> 8, i));
        }
        for (int i = 0; i < 4; i++) {
            limiter.recordFailure(first);
        }
        // Forgotten: these four are all it has now, one short of a lockout.
        assertThat(limiter.retryAfterSeconds(first)).isZero();
        limiter.recordFailure(first);
        assertThat(limiter.retryAfterSeconds(first)).isPositive();
    }

    @Test
    void whenEveryRememberedAddressIsLockedOutANewcomerIsNotRemembered() throws Exception {
        for (int i = 0; i < FailedAttemptLimiter.MAX_CLIENTS; i++) {
            InetAddress address = ipv4(11, i >> 16, i >> 8, i);
            for (int j = 0; j < 5; j++) {
                limiter.recordFailure(address);
            }
        }
        limiter.recordFailure(ipv4(12, 0, 0, 1));
        assertThat(limiter.remembered()).isEqualTo(FailedAttemptLimiter.MAX_CLIENTS);
        assertThat(limiter.retryAfterSeconds(ipv4(11, 0, 0, 0))).isPositive();
        advanceSeconds(60);
        limiter.recordFailure(ipv4(12, 0, 0, 1)); // the lockouts are over: room again
        assertThat(limiter.remembered()).isEqualTo(FailedAttemptLimiter.MAX_CLIENTS);
        assertThat(limiter.retryAfterSeconds(ipv4(11, 0, 0, 0))).isZero();
    }

    @Test
    void ipv6AddressesInOneSlash64ShareACounterAndOtherSlash64sDoNot() throws Exception {
        for (int i = 0; i < 5; i++) {
            limiter.recordFailure(InetAddress.getByName("2001:db8:1:2::" + Integer.toHexString(i + 1)));
        }
        assertThat(limiter.retryAfterSeconds(InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:ffff"))).isPositive();
        assertThat(limiter.retryAfterSeconds(InetAddress.getByName("2001:db8:1:3::1"))).isZero();
        assertThat(limiter.retryAfterSeconds(InetAddress.getByName("2001:db8:2:2::1"))).isZero();
    }

    @Test
    void anIpv4MappedIpv6AddressCountsAsItsIpv4Address() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 7};
        // Inet6Address keeps the 16-byte form that InetAddress.getByAddress would turn into IPv4.
        InetAddress asIpv6 = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(asIpv6).isInstanceOf(Inet6Address.class);
        for (int i = 0; i < 5; i++) {
            limiter.recordFailure(asIpv6);
        }
        assertThat(limiter.retryAfterSeconds(ipv4(192, 0, 2, 7))).isPositive();
        // Its IPv4 neighbours share no /64 with it.
        assertThat(limiter.retryAfterSeconds(ipv4(192, 0, 2, 8))).isZero();
    }

    @Test
    void ipv4AddressesAreCountedOneByOne() throws Exception {
        for (int i = 0; i < 5; i++) {
            limiter.recordFailure(ipv4(198, 51, 100, 1));
        }
        assertThat(limiter.retryAfterSeconds(ipv4(198, 51, 100, 1))).isPositive();
        assertThat(limiter.retryAfterSeconds(ipv4(198, 51, 100, 2))).isZero();
    }

    @Test
    void onceTheServerWideBudgetIsSpentANeverSeenAddressWaitsUntilTheOldestFailureLeavesTheWindow()
            throws Exception {
        FailedAttemptLimiter global = new FailedAttemptLimiter(5, Duration.ofSeconds(60), 100,
                Duration.ofSeconds(60), now::get);
        for (int i = 0; i < 100; i++) {
            assertThat(global.check(ipv4(11, 0, 0, i)).allowed()).isTrue();
            global.recordFailure(ipv4(11, 0, 0, i));
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        }
        // 100 failures, the oldest 50 s ago: 10 s left in its window.
        FailedAttemptLimiter.Verdict newcomer = global.check(ipv4(12, 0, 0, 1));
        assertThat(newcomer.allowed()).isFalse();
        assertThat(newcomer.retryAfterSeconds()).isEqualTo(10);
        assertThat(newcomer.serverWide()).isTrue();
        assertThat(global.check(InetAddress.getByName("2001:db8::1")).retryAfterSeconds()).isEqualTo(10);
        advanceSeconds(9);
        assertThat(global.check(ipv4(12, 0, 0, 1)).retryAfterSeconds()).isEqualTo(1);
        advanceSeconds(1);
        assertThat(global.check(ipv4(12, 0, 0, 1)).allowed()).isTrue();
    }

    @Test
    void aClientLockedOutForLongerThanTheServerIsToldOfItsOwnLimit() throws Exception {
        FailedAttemptLimiter global = new FailedAttemptLimiter(2, Duration.ofSeconds(600), 3,
                Duration.ofSeconds(60), now::get);
        global.recordFailure(ipv4(10, 0, 0, 1));
        global.recordFailure(ipv4(10, 0, 0, 1));
        global.recordFailure(ipv4(10, 0, 0, 2));
        assertThat(global.check(ipv4(10, 0, 0, 1))).isEqualTo(new FailedAttemptLimiter.Verdict(600, false));
        assertThat(global.check(ipv4(10, 0, 0, 3))).isEqualTo(new FailedAttemptLimiter.Verdict(60, true));
        advanceSeconds(60);
        assertThat(global.check(ipv4(10, 0, 0, 1))).isEqualTo(new FailedAttemptLimiter.Verdict(540, false));
        assertThat(global.check(ipv4(10, 0, 0, 3)).allowed()).isTrue();
    }

    /**
     * {@code threads} threads, released together by a latch, each ask to be admitted once from the
     * address {@code client.apply(i)}; the failures are never given back. Returns how many were let in.
     */
    private static int burst(FailedAttemptLimiter limiter, int threads, IntFunction<InetAddress> client)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger admitted = new AtomicInteger();
            List<Future<?>> attempts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                InetAddress address = client.apply(i);
                attempts.add(pool.submit(() -> {
                    ready.countDown();
                    go.await(10, TimeUnit.SECONDS);
                    if (limiter.admit(address).allowed()) {
                        admitted.incrementAndGet();
                    }
                    return null;
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            for (Future<?> attempt : attempts) {
                attempt.get(10, TimeUnit.SECONDS);
            }
            return admitted.get();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aConcurrentBurstFromOneAddressIsAdmittedExactlyUpToItsLimit() throws Exception {
        assertThat(burst(limiter, 64, i -> client)).isEqualTo(5);
        assertThat(limiter.check(client).allowed()).isFalse();
    }

    @Test
    void aConcurrentBurstFromManyAddressesIsAdmittedExactlyUpToTheServerWideBudget() throws Exception {
        FailedAttemptLimiter global = new FailedAttemptLimiter(5, Duration.ofSeconds(60), 20,
                Duration.ofSeconds(60), now::get);

        assertThat(burst(global, 64, i -> ipv4Unchecked(11, 0, i / 4, i % 4))).isEqualTo(20);
        assertThat(global.check(ipv4(12, 0, 0, 1)).serverWide()).isTrue();
    }

    @Test
    void anAdmittedAttemptCountsAsAFailureUntilItIsGivenBack() throws Exception {
        List<FailedAttemptLimiter.Attempt> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(limiter.admit(client));
        }
        FailedAttemptLimiter.Attempt sixth = limiter.admit(client);
        assertThat(held).allMatch(FailedAttemptLimiter.Attempt::allowed);
        assertThat(sixth.allowed()).isFalse();
        assertThat(sixth.verdict().retryAfterSeconds()).isEqualTo(60);

        held.get(4).giveBack(); // the right key: it was no failure
        held.get(4).giveBack(); // twice changes nothing
        sixth.giveBack(); // nor does a refused attempt
        assertThat(limiter.admit(client).allowed()).isTrue();
        assertThat(limiter.admit(client).allowed()).isFalse();
        held.forEach(FailedAttemptLimiter.Attempt::giveBack);
        assertThat(limiter.remembered()).isEqualTo(1); // the one never given back
    }

    @Test
    void nonsenseLimitsAreRefusedNamingTheValues() {
        assertThatThrownBy(() -> new FailedAttemptLimiter(5, Duration.ofSeconds(60),
                0, Duration.ofSeconds(60), now::get)).hasMessageContaining("maxGlobalFailures must be >= 1, got 5 and 0");
        assertThatThrownBy(() -> new FailedAttemptLimiter(5, Duration.ofSeconds(60),
                100, Duration.ZERO, now::get)).hasMessageContaining("must be positive, got PT1M and PT0S");
    }

    private static InetAddress ipv4Unchecked(int a, int b, int c, int d) {
        try {
            return ipv4(a, b, c, d);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static InetAddress ipv4(int a, int b, int c, int d) throws Exception {
        return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    }
}
