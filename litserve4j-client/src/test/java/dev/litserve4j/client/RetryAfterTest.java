package dev.litserve4j.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Clock NOON = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void delaySecondsAreReadAsSeconds() {
        assertThat(RetryAfter.parse("1", NOON)).hasValue(Duration.ofSeconds(1));
        assertThat(RetryAfter.parse(" 0 ", NOON)).hasValue(Duration.ZERO);
        assertThat(RetryAfter.parse("120", NOON)).hasValue(Duration.ofMinutes(2));
    }

    @Test
    void anHttpDateIsTheWaitUntilThen() {
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 12:00:30 GMT", NOON)).hasValue(Duration.ofSeconds(30));
    }

    @Test
    void aDateAlreadyPastMeansNoWait() {
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 11:00:00 GMT", NOON)).hasValue(Duration.ZERO);
    }

    @Test
    void aHugeNumberSaturatesInsteadOfOverflowing() {
        assertThat(RetryAfter.parse("99999999999999999999999", NOON)).get()
                .satisfies(wait -> assertThat(wait).isGreaterThan(Duration.ofDays(365)));
    }

    @Test
    void missingOrUnreadableHeadersAskForNothing() {
        assertThat(RetryAfter.parse(null, NOON)).isEmpty();
        assertThat(RetryAfter.parse("", NOON)).isEmpty();
        assertThat(RetryAfter.parse("-1", NOON)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOON)).isEmpty();
        assertThat(RetryAfter.parse("1.5", NOON)).isEmpty();
    }
}
