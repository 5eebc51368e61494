package dev.litserve4j.cli.deploy;

import dev.litserve4j.LitServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code litserve4j kubernetes}: one multi-document YAML file with a Deployment, a Service, a
 * PodDisruptionBudget and a HorizontalPodAutoscaler for one serve command. Every port, path and time
 * in it is read from the server the serve flags build.
 */
public final class KubernetesManifests {

    /** The CPU use, of the request, at which the autoscaler adds pods. */
    static final int CPU_TARGET_PERCENT = 70;

    private KubernetesManifests() {
    }

    /** Writes {@code OUT/NAME.yaml} and returns what to tell the user: the file, warnings, the commands. */
    public static String write(ServeCommand command, DeployOptions options) throws IOException {
        String name = options.nameFor(command.apiClass());
        String file = name + ".yaml";
        List<Path> written = new OutputFiles(options.out(), options.force()).text(file, manifests(command, options))
                .write();
        LitServer server = command.server();
        StringBuilder report = new StringBuilder("wrote ").append(written.get(0)).append('\n');
        if (server.drainDelay().isZero()) {
            report.append("warning: no --drain-delay: the port closes the moment a pod begins to stop, before every "
                    + "node and ingress has dropped it, and requests sent there meanwhile fail; --drain-delay 5 "
                    + "covers that\n");
        }
        if (server.shutdownApiEnabled()) {
            report.append("create the shutdown key's Secret first (the pods do not start without it):\n  kubectl "
                    + "create secret generic ").append(DeploymentManifest.secretName(name)).append(" --from-literal=")
                    .append(DeploymentManifest.SECRET_KEY).append("=\"$(openssl rand -base64 32)\"\n");
        }
        return report.append("push the image ").append(options.imageFor(command.apiClass()))
                .append(" where the cluster pulls from (litserve4j dockerize builds it), then:\n  kubectl apply -f ")
                .append(ServeCommand.shellWord(written.get(0).toString())).append('\n').toString();
    }

    static String manifests(ServeCommand command, DeployOptions options) {
        String name = options.nameFor(command.apiClass());
        LitServer server = command.server();
        Yaml yaml = new Yaml()
                .comment(0, "Written by `litserve4j kubernetes` for")
                .comment(0, "  " + command.commandLine())
                .comment(0, "The image is the one `litserve4j dockerize` builds from the same arguments.");
        DeploymentManifest.write(yaml, command, options, name);
        yaml.line(0, "---").line(0, "apiVersion: v1").line(0, "kind: Service").line(0, "metadata:")
                .string(1, "name", name).line(1, "labels:").string(2, "app.kubernetes.io/name", name)
                .line(0, "spec:").line(1, "type: ClusterIP").line(1, "selector:")
                .string(2, "app.kubernetes.io/name", name)
                .comment(1, "The public port only: the management port stays out of the Service.")
                .line(1, "ports:").line(2, "- name: http").line(2, "  port: " + server.configuredPort())
                .line(2, "  targetPort: http");
        yaml.line(0, "---").line(0, "apiVersion: policy/v1").line(0, "kind: PodDisruptionBudget").line(0, "metadata:")
                .string(1, "name", name).line(0, "spec:")
                .comment(1, "A node drain evicts one pod at a time: the next waits until all are ready again.")
                .line(1, "maxUnavailable: 1").line(1, "selector:").line(2, "matchLabels:")
                .string(3, "app.kubernetes.io/name", name);
        yaml.line(0, "---").line(0, "apiVersion: autoscaling/v2").line(0, "kind: HorizontalPodAutoscaler")
                .line(0, "metadata:").string(1, "name", name).line(0, "spec:").line(1, "scaleTargetRef:")
                .line(2, "apiVersion: apps/v1").line(2, "kind: Deployment").string(2, "name", name)
                .line(1, "minReplicas: " + options.replicas()).line(1, "maxReplicas: " + options.maxReplicas())
                .line(1, "metrics:").line(2, "- type: Resource").line(2, "  resource:").line(4, "name: cpu")
                .line(4, "target:").line(5, "type: Utilization").line(5, "averageUtilization: " + CPU_TARGET_PERCENT);
        return yaml.toString();
    }
}
