package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** What {@code build()} rejects, and that its messages name the option and the bad value. */
class LitServerBuilderTest {

    static final class Echo implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> in) {
            return in;
        }
    }

    private static LitServerBuilder builder() {
        return LitServer.builder().environment(Map.of()).host("127.0.0.1").port(0);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertBuildFails(LitServerBuilder builder) {
        return assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validOptionsBuildAServerThatIsNotStarted() {
        try (LitServer server = builder().api(new Echo()).maxBatchSize(4).batchTimeout(Duration.ofMillis(5))
                .maxPayloadSize("1MB").build()) {
            assertThat(server.apiPaths()).containsExactly("/predict");
            assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void whatTheServerWasBuiltWithIsReadBackBeforeItStarts() {
        try (LitServer server = builder().api(new Echo()).port(8123).healthcheckPath("/hc").livenessPath("/alive")
                .readinessPath("/ready").gracefulTimeout(Duration.ofSeconds(35)).drainDelay(Duration.ofSeconds(5))
                .enableShutdownApi(true).shutdownPath("/admin/stop").metricsPath("/prom")
                .managementPort(9100).managementHost("0.0.0.0").build()) {
            assertThat(server.configuredPort()).isEqualTo(8123);
            assertThat(server.configuredManagementPort()).hasValue(9100);
            assertThat(server.managementHost()).hasValue("0.0.0.0");
            assertThat(server.healthcheckPath()).isEqualTo("/hc");
            assertThat(server.livenessPath()).isEqualTo("/alive");
            assertThat(server.readinessPath()).isEqualTo("/ready");
            assertThat(server.gracefulTimeout()).isEqualTo(Duration.ofSeconds(35));
            assertThat(server.drainDelay()).isEqualTo(Duration.ofSeconds(5));
            assertThat(server.shutdownApiEnabled()).isTrue();
            assertThat(server.shutdownPath()).hasValue("/admin/stop");
            assertThat(server.metricsPath()).hasValue("/prom");
        }
    }

    @Test
    void theDefaultsAreReadBackToo() {
        try (LitServer server = LitServer.builder().environment(Map.of()).api(new Echo()).metrics(false).build()) {
            assertThat(server.configuredPort()).isEqualTo(8000);
            assertThat(server.configuredManagementPort()).isEmpty();
            assertThat(server.managementHost()).isEmpty();
            assertThat(server.livenessPath()).isEqualTo("/livez");
            assertThat(server.readinessPath()).isEqualTo("/readyz");
            assertThat(server.healthcheckPath()).isEqualTo("/health");
            assertThat(server.gracefulTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(server.drainDelay()).isZero();
            assertThat(server.shutdownApiEnabled()).isFalse();
            assertThat(server.shutdownPath()).isEmpty();
            assertThat(server.metricsPath()).isEmpty();
        }
    }

    @Test
    void aBodyBufferBudgetTooSmallForTheLargestAllowedBodyIsRejected() {
        assertBuildFails(builder().api(new Echo()).maxPayloadSize("64MB").maxBufferedBodyBytes(32L << 20))
                .hasMessageContaining("maxBufferedBodyBytes (33554432) is smaller than the payload limit");
        assertBuildFails(builder().api(new Echo()).maxBodyReadRate(-1))
                .hasMessageContaining("maxBodyReadRate must be >= 0");
        builder().api(new Echo()).maxPayloadSize("64MB").maxBufferedBodyBytes(0).build().close();
        builder().api(new Echo()).maxPayloadSize("64MB").build().close(); // the default follows the limit
    }

    @Test
    void maxBatchSizeOfZeroIsRejected() {
        assertBuildFails(builder().api(new Echo()).maxBatchSize(0))
                .hasMessageContaining("maxBatchSize must be >= 1, got 0");
    }

    @Test
    void maxBatchSizeOfZeroInApiOptionsIsRejected() {
        assertBuildFails(builder().api(new Echo(), ApiOptions.defaults().maxBatchSize(0)))
                .hasMessageContaining("maxBatchSize must be >= 1, got 0");
    }

    @Test
    void apiPathWithoutALeadingSlashIsRejected() {
        assertBuildFails(builder().api(new Echo()).apiPath("predict"))
                .hasMessageContaining("must start with '/'")
                .hasMessageContaining("'predict'");
    }

    @Test
    void twoApisOnOnePathAreRejectedNamingThePath() {
        assertBuildFails(builder().api(new Echo(), ApiOptions.path("/same")).api(new Echo(), ApiOptions.path("/same")))
                .hasMessageContaining("'/same'");
    }

    @Test
    void apiPathCollidingWithTheHealthcheckPathIsRejected() {
        assertBuildFails(builder().api(new Echo()).apiPath("/health"))
                .hasMessageContaining("'/health'")
                .hasMessageContaining("healthcheckPath");
    }

    @Test
    void apiPathCollidingWithTheInfoPathIsRejected() {
        assertBuildFails(builder().api(new Echo(), ApiOptions.path("/details")).infoPath("/details"))
                .hasMessageContaining("'/details'")
                .hasMessageContaining("infoPath");
    }

    @Test
    void batchTimeoutEqualToTheTimeoutIsRejected() {
        assertBuildFails(builder().api(new Echo()).maxBatchSize(4).batchTimeout(Duration.ofSeconds(2))
                .timeout(Duration.ofSeconds(2)))
                .hasMessageContaining("batchTimeout")
                .hasMessageContaining("timeout");
    }

    @Test
    void batchTimeoutLongerThanTheTimeoutIsRejected() {
        assertBuildFails(builder().api(new Echo()).maxBatchSize(4).batchTimeout(Duration.ofSeconds(1))
                .timeout(Duration.ofMillis(500)))
                .hasMessageContaining("batchTimeout");
    }

    @Test
    void batchTimeoutIsAllowedWithoutATimeout() {
        try (LitServer server = builder().api(new Echo()).maxBatchSize(4).batchTimeout(Duration.ofMinutes(5))
                .disableTimeout().build()) {
            assertThat(server.apiPaths()).containsExactly("/predict");
        }
    }

    @Test
    void cudaAcceleratorIsRejectedAsNotSupportedYet() {
        assertBuildFails(builder().api(new Echo()).accelerator("cuda"))
                .hasMessageContaining("accelerator")
                .hasMessageContaining("cuda");
    }

    @Test
    void unknownAcceleratorIsRejected() {
        assertBuildFails(builder().api(new Echo()).accelerator("tpu"))
                .hasMessageContaining("accelerator")
                .hasMessageContaining("tpu");
    }

    @Test
    void twoCpuDevicesAreRejected() {
        assertBuildFails(builder().api(new Echo()).devices(2))
                .hasMessageContaining("devices")
                .hasMessageContaining("2");
    }

    @Test
    void unparsableMaxPayloadSizeIsRejectedWithTheValue() {
        assertBuildFails(builder().api(new Echo()).maxPayloadSize("ten"))
                .hasMessageContaining("maxPayloadSize")
                .hasMessageContaining("ten");
    }

    @Test
    void zeroMaxPayloadSizeIsRejected() {
        assertBuildFails(builder().api(new Echo()).maxPayloadSize(0))
                .hasMessageContaining("maxPayloadSize");
    }

    @Test
    void modelMetadataThatCannotBeWrittenAsJsonIsRejected() {
        Object selfReferencing = new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                return this;
            }
        };

        assertBuildFails(builder().api(new Echo()).modelMetadata(selfReferencing))
                .hasMessageContaining("modelMetadata");
    }

    @Test
    void noApiIsRejectedWithAdviceToAddOne() {
        assertBuildFails(builder())
                .hasMessageContaining("LitApi")
                .hasMessageContaining("add one");
    }

    @Test
    void zeroWorkersPerDeviceIsRejected() {
        assertBuildFails(builder().api(new Echo()).workersPerDevice(0))
                .hasMessageContaining("workersPerDevice must be >= 1, got 0");
    }

    @Test
    void zeroMaxQueueSizeIsRejected() {
        assertBuildFails(builder().api(new Echo()).maxQueueSize(0))
                .hasMessageContaining("maxQueueSize must be >= 1, got 0");
    }

    @Test
    void zeroTimeoutIsRejectedPointingAtDisableTimeout() {
        assertBuildFails(builder().api(new Echo()).timeout(Duration.ZERO))
                .hasMessageContaining("timeout")
                .hasMessageContaining("disableTimeout()");
    }

    @Test
    void portOutOfRangeIsRejectedWithTheValue() {
        assertBuildFails(builder().api(new Echo()).port(70000))
                .hasMessageContaining("port")
                .hasMessageContaining("70000");
    }

    @Test
    void negativeBatchTimeoutIsRejected() {
        assertBuildFails(builder().api(new Echo()).maxBatchSize(2).batchTimeout(Duration.ofMillis(-1)))
                .hasMessageContaining("batchTimeout must be >= 0");
    }

    @Test
    void blankHostIsRejected() {
        assertBuildFails(builder().api(new Echo()).host(" "))
                .hasMessageContaining("host");
    }

    @Test
    void shutdownPathWithoutALeadingSlashIsRejected() {
        assertBuildFails(builder().api(new Echo()).enableShutdownApi(true).shutdownPath("shutdown"))
                .hasMessageContaining("shutdownPath must start with '/', got 'shutdown'");
    }

    @Test
    void shutdownPathIsOnlyValidatedWhenTheShutdownApiIsOn() {
        try (LitServer server = builder().api(new Echo()).shutdownPath("shutdown").build()) {
            assertThat(server.apiPaths()).containsExactly("/predict");
        }
    }

    @Test
    void shutdownPathCollidingWithTheApiPathIsRejected() {
        assertBuildFails(builder().api(new Echo()).enableShutdownApi(true).shutdownPath("/predict"))
                .hasMessageContaining("'/predict'").hasMessageContaining("shutdownPath");
    }

    @Test
    void shutdownPathMayMatchAnApiPathWhenItLivesOnTheManagementPort() {
        try (LitServer server = builder().api(new Echo()).enableShutdownApi(true).shutdownPath("/predict")
                .managementPort(0).build()) {
            assertThat(server.apiPaths()).containsExactly("/predict");
        }
    }

    @Test
    void managementPortWithNothingToServeIsRejected() {
        assertBuildFails(builder().api(new Echo()).metrics(false).managementPort(9000))
                .hasMessageContaining("managementPort is set but nothing is served there");
    }

    @Test
    void theMetricsPathMustBeItsOwn() {
        assertBuildFails(builder().api(new Echo()).metricsPath("metrics"))
                .hasMessageContaining("metricsPath must start with '/'");
        assertBuildFails(builder().api(new Echo()).metricsPath("/health"))
                .hasMessageContaining("metricsPath '/health' is already used by healthcheckPath");
        assertBuildFails(builder().api(new Echo(), ApiOptions.path("/metrics")))
                .hasMessageContaining("metricsPath '/metrics' is already used by apiPath");
    }

    @Test
    void managementPortEqualToThePublicPortIsRejected() {
        assertBuildFails(builder().api(new Echo()).port(9000).enableShutdownApi(true).managementPort(9000))
                .hasMessageContaining("managementPort 9000 is the public port");
    }

    @Test
    void shutdownRateLimitMustAllowAtLeastOneAttempt() {
        assertBuildFails(builder().api(new Echo()).enableShutdownApi(true).shutdownRateLimit(0, Duration.ofSeconds(1)))
                .hasMessageContaining("maxFailures must be >= 1, got 0");
    }

    @Test
    void apiKeyComesFromTheEnvironmentUnlessSetInCode() throws Exception {
        try (LitServer fromEnv = builder().api(new Echo()).environment(Map.of("LIT_SERVER_API_KEY", "env")).build().start()) {
            dev.litserve4j.testing.Http http = new dev.litserve4j.testing.Http(fromEnv.port());
            assertThat(http.send(http.request("/health").header("X-API-Key", "env").build()).statusCode()).isEqualTo(200);
            assertThat(http.get("/health").statusCode()).isEqualTo(401);
        }
        try (LitServer fromCode = builder().api(new Echo()).environment(Map.of("LIT_SERVER_API_KEY", "env"))
                .apiKey("code").build().start()) {
            dev.litserve4j.testing.Http http = new dev.litserve4j.testing.Http(fromCode.port());
            assertThat(http.send(http.request("/health").header("X-API-Key", "env").build()).statusCode()).isEqualTo(401);
            assertThat(http.send(http.request("/health").header("X-API-Key", "code").build()).statusCode()).isEqualTo(200);
        }
    }
}
