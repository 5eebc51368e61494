package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpErrorTest {

    @Test
    void keepsStatusDetailAndHeaders() {
        HttpError error = new HttpError(429, "slow down", Map.of("Retry-After", "2"));
        assertThat(error.status()).isEqualTo(429);
        assertThat(error.detail()).isEqualTo("slow down");
        assertThat(error.headers()).containsEntry("Retry-After", "2");
    }

    @Test
    void refusesHeadersThatWouldBreakTheResponseHead() {
        assertThatThrownBy(() -> new HttpError(400, "x", Map.of("X-Evil", "a\r\nSet-Cookie: b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without CR, LF");
        assertThatThrownBy(() -> new HttpError(400, "x", Map.of("Bad Name", "v")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTP token");
    }

    @Test
    void refusesStatusesOutsideHttp() {
        assertThatThrownBy(() -> new HttpError(99, "x")).hasMessageContaining("got 99");
        assertThatThrownBy(() -> new HttpError(600, "x")).hasMessageContaining("got 600");
    }
}
