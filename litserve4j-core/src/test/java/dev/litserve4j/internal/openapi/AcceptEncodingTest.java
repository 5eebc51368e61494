package dev.litserve4j.internal.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceptEncodingTest {

    @Test
    void gzipIsAcceptedByNameOrByStarUnlessItsWeightIsZero() {
        assertThat(AcceptEncoding.allowsGzip("gzip, deflate, br")).isTrue();
        assertThat(AcceptEncoding.allowsGzip("br;q=1.0, GZIP;q=0.5")).isTrue();
        assertThat(AcceptEncoding.allowsGzip("*")).isTrue();
        assertThat(AcceptEncoding.allowsGzip(null)).isFalse();
        assertThat(AcceptEncoding.allowsGzip("identity")).isFalse();
        assertThat(AcceptEncoding.allowsGzip("gzip;q=0")).isFalse();
        assertThat(AcceptEncoding.allowsGzip("gzip;q=0.000, *")).isFalse(); // the name beats the star
        assertThat(AcceptEncoding.allowsGzip("gzip;q=nonsense")).isFalse();
    }
}
