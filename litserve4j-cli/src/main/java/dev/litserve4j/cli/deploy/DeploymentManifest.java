package dev.litserve4j.cli.deploy;

import dev.litserve4j.LitServer;

/**
 * The Deployment of {@code litserve4j kubernetes}: one container running the serve command on the
 * image dockerize builds, probed, sized, and given the time its graceful stop needs.
 */
final class DeploymentManifest {

    static final String CONTAINER = "litserve4j";
    static final String SECRET_KEY = "key";
    static final String KEY_DIRECTORY = "/var/run/secrets/litserve4j/shutdown";
    static final int STARTUP_PERIOD_SECONDS = 2;

    private DeploymentManifest() {
    }

    static String secretName(String name) {
        return name + "-shutdown-key";
    }

    static void write(Yaml yaml, ServeCommand command, DeployOptions options, String name) {
        LitServer server = command.server();
        GracePeriod grace = GracePeriod.of(server);
        yaml.line(0, "apiVersion: apps/v1").line(0, "kind: Deployment").line(0, "metadata:")
                .string(1, "name", name).line(1, "labels:").string(2, "app.kubernetes.io/name", name)
                .line(0, "spec:")
                .wrapped(1, "No replicas here: the HorizontalPodAutoscaler below owns the count (" + options.replicas()
                        + " to " + options.maxReplicas() + "), and a replicas field would reset it at every apply.")
                .line(1, "selector:").line(2, "matchLabels:").string(3, "app.kubernetes.io/name", name)
                .line(1, "strategy:").line(2, "type: RollingUpdate").line(2, "rollingUpdate:")
                .comment(3, "A new pod must be ready before an old one begins to stop.")
                .line(3, "maxSurge: 1").line(3, "maxUnavailable: 0")
                .line(1, "template:").line(2, "metadata:").line(3, "labels:").string(4, "app.kubernetes.io/name", name);
        scrapeAnnotations(yaml, server);
        yaml.line(2, "spec:")
                .comment(3, "terminationGracePeriodSeconds: how long the kubelet waits after SIGTERM before SIGKILL.")
                .wrapped(3, grace.explanation())
                .line(3, "terminationGracePeriodSeconds: " + grace.seconds())
                .line(3, "securityContext:").line(4, "runAsNonRoot: true").line(4, "runAsUser: " + Dockerize.UID)
                .line(4, "runAsGroup: " + Dockerize.UID).line(4, "seccompProfile:").line(5, "type: RuntimeDefault")
                .line(3, "containers:")
                .line(4, "- name: " + CONTAINER)
                .string(5, "image", options.imageFor(command.apiClass()))
                .comment(5, "The serve command, after the image's entrypoint (java ... " + Dockerize.MAIN_CLASS + ").")
                .strings(5, "args", command.args())
                .line(5, "env:")
                .line(6, "- name: ORT_DISABLE_TELEMETRY").line(6, "  value: \"1\"");
        if (server.shutdownApiEnabled()) {
            yaml.comment(6, "The shutdown key, read from the Secret's file and again whenever the kubelet updates it,")
                    .comment(6, "so rotating the Secret rotates the key without a restart. The key is never written here.")
                    .line(6, "- name: LIT_SHUTDOWN_API_KEY_FILE")
                    .line(6, "  value: " + Yaml.quote(KEY_DIRECTORY + "/" + SECRET_KEY));
        }
        yaml.line(5, "ports:").line(6, "- name: http").line(6, "  containerPort: " + server.configuredPort());
        server.configuredManagementPort().ifPresent(port -> yaml
                .wrapped(6, "The management port (" + Dockerize.operatorRoutes(server) + ") on "
                        + server.managementHost().orElseThrow() + (Dockerize.managementReachable(server)
                                ? ": not in the Service, so only the cluster's own clients reach it."
                                : ": only the pod itself reaches it (and kubectl port-forward)."))
                .line(6, "- name: management").line(6, "  containerPort: " + port));
        probes(yaml, server, options);
        yaml.line(5, "resources:")
                .comment(6, "No CPU limit: throttling would stretch every request; the requests are what the")
                .comment(6, "scheduler and the autoscaler count. The JVM sizes its heap from the memory limit.")
                .line(6, "requests:").string(7, "cpu", options.cpu()).string(7, "memory", options.memory())
                .line(6, "limits:").string(7, "memory", options.memory())
                .line(5, "securityContext:").line(6, "allowPrivilegeEscalation: false")
                .line(6, "readOnlyRootFilesystem: true").line(6, "capabilities:").line(7, "drop: [\"ALL\"]")
                .line(5, "volumeMounts:")
                .comment(6, "The only writable place: the JVM's and ONNX Runtime's temporary files.")
                .line(6, "- name: tmp").line(6, "  mountPath: /tmp");
        if (server.shutdownApiEnabled()) {
            yaml.line(6, "- name: shutdown-key").line(6, "  mountPath: " + Yaml.quote(KEY_DIRECTORY))
                    .line(6, "  readOnly: true");
        }
        yaml.line(3, "volumes:").line(4, "- name: tmp").line(4, "  emptyDir: {}");
        if (server.shutdownApiEnabled()) {
            yaml.comment(4, "Not optional: without the Secret the pod does not start, rather than start with no key.")
                    .line(4, "- name: shutdown-key").line(4, "  secret:")
                    .string(6, "secretName", secretName(name));
        }
    }

    private static void probes(Yaml yaml, LitServer server, DeployOptions options) {
        int startupFailures = (options.startupSeconds() + STARTUP_PERIOD_SECONDS - 1) / STARTUP_PERIOD_SECONDS;
        yaml.comment(5, "The probes are on the public port (never behind X-API-Key); the port opens once every")
                .comment(5, "worker's setup is done, so the startup probe waits out the model's load, up to "
                        + options.startupSeconds() + " s.");
        probe(yaml, server, "startupProbe", server.livenessPath())
                .line(6, "periodSeconds: " + STARTUP_PERIOD_SECONDS)
                .line(6, "failureThreshold: " + startupFailures)
                .comment(5, "Ready only while it should get traffic: 503 from the first moment of a stop.");
        probe(yaml, server, "readinessProbe", server.readinessPath())
                .line(6, "periodSeconds: 2").line(6, "timeoutSeconds: 2")
                .line(6, "failureThreshold: 1")
                .comment(5, "Fails only when a restart is the cure: a long drain or a full queue never fails it.");
        probe(yaml, server, "livenessProbe", server.livenessPath())
                .line(6, "periodSeconds: 10").line(6, "timeoutSeconds: 5")
                .line(6, "failureThreshold: 3");
    }

    /** An HTTP GET probe of the public port, over TLS when the server serves it (the kubelet does not check the certificate). */
    private static Yaml probe(Yaml yaml, LitServer server, String name, String path) {
        yaml.line(5, name + ":").line(6, "httpGet:").string(7, "path", path).line(7, "port: http");
        return server.scheme().equals("https") ? yaml.line(7, "scheme: HTTPS") : yaml;
    }

    /** Prometheus' conventional annotations, when a scraper in the cluster can reach the metrics. */
    private static void scrapeAnnotations(Yaml yaml, LitServer server) {
        if (server.metricsPath().isEmpty()) {
            return;
        }
        boolean onManagement = server.configuredManagementPort().isPresent();
        if (onManagement && !Dockerize.managementReachable(server)) {
            yaml.comment(3, "No scrape annotations: the metrics are on the management port at "
                    + server.managementHost().orElseThrow() + "; --management-host 0.0.0.0 lets Prometheus in.");
            return;
        }
        int port = onManagement ? server.configuredManagementPort().getAsInt() : server.configuredPort();
        yaml.line(3, "annotations:").string(4, "prometheus.io/scrape", "true")
                .string(4, "prometheus.io/port", Integer.toString(port))
                .string(4, "prometheus.io/path", server.metricsPath().orElseThrow());
        if (server.scheme().equals("https")) {
            yaml.string(4, "prometheus.io/scheme", "https");
        }
    }
}
