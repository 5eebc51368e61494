package dev.litserve4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.LitServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code litserve4j kubernetes}: its YAML read into fabric8's typed Kubernetes model, and every value
 * checked against the server the same flags build.
 */
class KubernetesCommandTest {

    @TempDir
    Path out;

    /** The objects of the file the command wrote. */
    private List<HasMetadata> generate(String... args) throws IOException {
        CommandRun run = CommandRun.in(out, "kubernetes", args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        try (InputStream in = Files.newInputStream(out.resolve("square-api.yaml"))) {
            List<HasMetadata> objects = Serialization.unmarshal(in);
            return objects;
        }
    }

    private static <T> T one(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static Container container(List<HasMetadata> objects) {
        PodSpec pod = one(objects, Deployment.class).getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers()).hasSize(1);
        return pod.getContainers().get(0);
    }

    private static int portNamed(Container container, Object name) {
        return container.getPorts().stream().filter(p -> p.getName().equals(name)).mapToInt(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new AssertionError("no container port named " + name));
    }

    /** The server that the container's arguments build, as the launcher in the image builds it. */
    private static LitServer serverOf(List<String> args) {
        assertThat(args.get(0)).isEqualTo("serve");
        return Main.configure(args.get(1), args.subList(2, args.size()), Map.of());
    }

    @Test
    void probesAreOnTheServersOwnPathsAndOnItsPublicPortEvenWithAManagementPort() throws IOException {
        List<HasMetadata> objects = generate("SquareApi", "--port", "8123", "--liveness-path", "/alive",
                "--readiness-path", "/ready", "--enable-shutdown-api", "--management-port", "9100");
        Container container = container(objects);
        LitServer server = serverOf(container.getArgs());

        for (HTTPGetAction probe : List.of(container.getStartupProbe().getHttpGet(),
                container.getLivenessProbe().getHttpGet(), container.getReadinessProbe().getHttpGet())) {
            assertThat(portNamed(container, probe.getPort().getValue())).isEqualTo(server.configuredPort()).isEqualTo(8123);
        }
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo(server.livenessPath()).isEqualTo("/alive");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/alive");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo(server.readinessPath())
                .isEqualTo("/ready");
        assertThat(portNamed(container, "management")).isEqualTo(9100);

        Service service = one(objects, Service.class);
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(8123);
            assertThat(portNamed(container, port.getTargetPort().getValue())).isEqualTo(8123);
        });
    }

    @Test
    void withTlsTheProbesAndTheScrapeAreHttpsAndTheFilesAreTheContainersNotReadHere() throws IOException {
        List<HasMetadata> objects = generate("SquareApi", "--ssl-certfile", "/etc/tls/tls.crt",
                "--ssl-keyfile", "/etc/tls/tls.key");
        Container container = container(objects);

        for (HTTPGetAction probe : List.of(container.getStartupProbe().getHttpGet(),
                container.getLivenessProbe().getHttpGet(), container.getReadinessProbe().getHttpGet())) {
            assertThat(probe.getScheme()).isEqualTo("HTTPS");
        }
        assertThat(one(objects, Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scheme", "https");
        assertThat(serverOf(container.getArgs()).scheme()).isEqualTo("https");
        assertThat(container(generate("SquareApi", "--force")).getStartupProbe().getHttpGet().getScheme()).isNull();
    }

    @Test
    void terminationGracePeriodIsTheGracefulTimeoutPlusAMarginWithTheArithmeticInAComment() throws IOException {
        PodSpec pod = one(generate("SquareApi", "--drain-delay", "5", "--graceful-timeout", "35"), Deployment.class)
                .getSpec().getTemplate().getSpec();
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(40L);
        String yaml = Files.readString(out.resolve("square-api.yaml"));
        assertThat(yaml).contains("# 40 = --graceful-timeout 35 s, the deadline of the whole stop (its --drain-delay of 5 s");

        assertThat(one(generate("SquareApi", "--graceful-timeout", "12.3", "--force"), Deployment.class).getSpec()
                .getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(18L); // 12.3 rounds up to 13
        assertThat(Files.readString(out.resolve("square-api.yaml"))).contains("--graceful-timeout 12.3 s (rounded up to 13)");
        assertThat(one(generate("SquareApi", "--force"), Deployment.class).getSpec().getTemplate().getSpec()
                .getTerminationGracePeriodSeconds()).isEqualTo(35L); // the default 30 s
    }

    @Test
    void theShutdownKeyIsAReferenceToASecretAndNeverTheKey() throws IOException {
        CommandRun run = CommandRun.of(Map.of("LIT_SHUTDOWN_API_KEY", "key-from-the-shell-1234"), out, "kubernetes",
                "SquareApi", "--enable-shutdown-api", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("kubectl create secret generic square-api-shutdown-key --from-literal=key=");
        String yaml = Files.readString(out.resolve("square-api.yaml"));
        assertThat(yaml).doesNotContain("key-from-the-shell-1234").doesNotContain("kind: Secret");

        List<HasMetadata> objects;
        try (InputStream in = Files.newInputStream(out.resolve("square-api.yaml"))) {
            objects = Serialization.unmarshal(in);
        }
        PodSpec pod = one(objects, Deployment.class).getSpec().getTemplate().getSpec();
        Container container = container(objects);
        EnvVar keyFile = container.getEnv().stream().filter(e -> e.getName().equals("LIT_SHUTDOWN_API_KEY_FILE"))
                .findFirst().orElseThrow();
        assertThat(container.getEnv()).noneMatch(e -> e.getName().equals("LIT_SHUTDOWN_API_KEY"));
        VolumeMount mount = container.getVolumeMounts().stream()
                .filter(m -> keyFile.getValue().startsWith(m.getMountPath() + "/")).findFirst().orElseThrow();
        assertThat(mount.getReadOnly()).isTrue();
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertThat(volume.getSecret().getSecretName()).isEqualTo("square-api-shutdown-key");
        assertThat(volume.getSecret().getOptional()).isNotEqualTo(Boolean.TRUE); // no Secret, no pod: fail closed
        assertThat(keyFile.getValue().substring(mount.getMountPath().length() + 1)).isEqualTo("key"); // the Secret's key
    }

    @Test
    void withoutTheShutdownRouteThereIsNoSecretToCreate() throws IOException {
        List<HasMetadata> objects = generate("SquareApi");
        PodSpec pod = one(objects, Deployment.class).getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).noneMatch(v -> v.getSecret() != null);
        assertThat(container(objects).getEnv()).extracting(EnvVar::getName).containsExactly("ORT_DISABLE_TELEMETRY");
        assertThat(container(objects).getEnv().get(0).getValue()).isEqualTo("1");
    }

    @Test
    void theContainersArgumentsBuildTheSameServerAsTheFlagsGiven() throws IOException {
        String[] flags = {"--port", "8080", "--api-path", "/sq: a #b\"c'd", "--drain-delay", "2.5",
            "--graceful-timeout", "20", "--enable-shutdown-api", "--shutdown-path", "/admin/stop",
            "--management-port", "9000", "--management-host", "0.0.0.0", "--metrics-path", "/prom",
            "--healthcheck-path", "/hc", "--model-metadata", "{\"name\": \"sq\\nü\"}", "--workers-per-device", "2"};
        Container container = container(generate(concat("SquareApi", flags)));
        LitServer given = Main.configure("SquareApi", List.of(flags), Map.of());
        LitServer back = serverOf(container.getArgs());

        assertThat(container.getArgs()).containsExactly(concat("serve", concat("dev.litserve4j.examples.SquareApi",
                concat("--host", concat("0.0.0.0", flags)))));
        assertThat(facts(back)).isEqualTo(facts(given));
        assertThat(back.host()).isEqualTo("0.0.0.0");
        assertThat(container.getImage()).isEqualTo("square-api:latest");
    }

    private static Map<String, Object> facts(LitServer s) {
        return Map.ofEntries(Map.entry("port", s.configuredPort()), Map.entry("apiPaths", s.apiPaths()),
                Map.entry("management", s.configuredManagementPort()), Map.entry("managementHost", s.managementHost()),
                Map.entry("graceful", s.gracefulTimeout()), Map.entry("drain", s.drainDelay()),
                Map.entry("health", s.healthcheckPath()), Map.entry("live", s.livenessPath()),
                Map.entry("ready", s.readinessPath()), Map.entry("shutdown", s.shutdownPath()),
                Map.entry("metrics", s.metricsPath()));
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Test
    void theAutoscalerOwnsTheReplicasAndEveryObjectSelectsThePods() throws IOException {
        List<HasMetadata> objects = generate("SquareApi", "--replicas", "3", "--max-replicas", "9", "--cpu", "500m",
                "--memory", "768Mi");
        Deployment deployment = one(objects, Deployment.class);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(deployment.getSpec().getReplicas()).isNull();
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(podLabels);
        assertThat(one(objects, Service.class).getSpec().getSelector()).isEqualTo(podLabels);
        assertThat(one(objects, PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels()).isEqualTo(podLabels);
        assertThat(one(objects, PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);

        HorizontalPodAutoscaler hpa = one(objects, HorizontalPodAutoscaler.class);
        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(9);
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(metric -> {
            assertThat(metric.getResource().getName()).isEqualTo("cpu");
            assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        });
        Container container = container(objects);
        assertThat(container.getResources().getRequests().get("cpu").toString()).isEqualTo("500m");
        assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("768Mi");
        assertThat(container.getResources().getLimits()).doesNotContainKey("cpu");
    }

    @Test
    void metricsOnALoopbackManagementPortGetNoScrapeAnnotations() throws IOException {
        Map<String, String> open = one(generate("SquareApi"), Deployment.class).getSpec().getTemplate().getMetadata()
                .getAnnotations();
        assertThat(open).containsEntry("prometheus.io/port", "8000").containsEntry("prometheus.io/path", "/metrics");
        Map<String, String> loopback = one(generate("SquareApi", "--management-port", "9000", "--force"),
                Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(loopback == null ? Map.of() : loopback).doesNotContainKey("prometheus.io/scrape");
    }

    @Test
    void badFlagsAreRefusedWithExitTwoAsServeRefusesThem() {
        CommandRun late = CommandRun.in(out, "k8s", "SquareApi", "--drain-delay", "40");
        assertThat(late.exitCode()).isEqualTo(2);
        assertThat(late.err()).contains("drainDelay (PT40S) must be shorter than gracefulTimeout");
        CommandRun typo = CommandRun.in(out, "kubernetes", "SquareApi", "--prot", "80");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown option --prot");
        CommandRun zero = CommandRun.in(out, "kubernetes", "SquareApi", "--port", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--port 0 picks a free port at start");
        CommandRun loopback = CommandRun.in(out, "kubernetes", "SquareApi", "--host", "127.0.0.1");
        assertThat(loopback.exitCode()).isEqualTo(2);
        assertThat(loopback.err()).contains("--host 127.0.0.1 is reachable only from inside the container");
        CommandRun replicas = CommandRun.in(out, "kubernetes", "SquareApi", "--replicas", "4", "--max-replicas", "2");
        assertThat(replicas.exitCode()).isEqualTo(2);
        assertThat(replicas.err()).contains("--max-replicas (2) must be at least --replicas (4)");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void anExistingFileIsReplacedOnlyWithForce() throws IOException {
        Path file = out.resolve("square-api.yaml");
        Files.writeString(file, "mine");
        CommandRun refused = CommandRun.in(out, "kubernetes", "SquareApi");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains(file + " already exists: pass --force to replace it");
        assertThat(file).hasContent("mine");

        assertThat(CommandRun.in(out, "kubernetes", "SquareApi", "--force").exitCode()).isZero();
        assertThat(Files.readString(file)).startsWith("# Written by `litserve4j kubernetes`");
    }

    @Test
    void withoutADrainDelayTheCommandWarnsThatRequestsMayFailDuringARoll() {
        assertThat(CommandRun.in(out, "kubernetes", "SquareApi").out()).contains("warning: no --drain-delay");
        assertThat(CommandRun.in(out, "kubernetes", "SquareApi", "--drain-delay", "5", "--force").out())
                .doesNotContain("warning");
    }
}
