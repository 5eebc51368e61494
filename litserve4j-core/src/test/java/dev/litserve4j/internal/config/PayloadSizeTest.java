package dev.litserve4j.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Sizes such as {@code "10MB"} in binary units. */
class PayloadSizeTest {

    @ParameterizedTest(name = "\"{0}\" is {1} bytes")
    @CsvSource({
        "10MB, 10485760",
        "512KB, 524288",
        "100, 100",
        "1.5KB, 1536",
        "2 GiB, 2147483648",
        "512 KiB, 524288",
        "1M, 1048576",
        "64B, 64",
        "10mb, 10485760",
        "1TB, 1099511627776",
    })
    void sizesAreParsedInBinaryUnits(String text, long bytes) {
        assertThat(PayloadSize.parse(text)).isEqualTo(bytes);
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(PayloadSize.parse("  10MB ")).isEqualTo(10_485_760L);
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"ten", "", "MB", "-5", "10XB", "10 I", "10KI", "1..5KB", "10 MB extra", "0x10"})
    void malformedSizesAreRejectedNamingTheValue(String text) {
        assertThatThrownBy(() -> PayloadSize.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPayloadSize")
                .hasMessageContaining("\"" + text + "\"");
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> PayloadSize.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
