package dev.litserve4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.cli.DockerfileInstructions.Instruction;
import dev.litserve4j.cli.deploy.SourceTree;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code litserve4j dockerize}: what its Dockerfile says, read as Docker reads it (there is no Docker here). */
class DockerizeCommandTest {

    @TempDir
    Path out;

    private DockerfileInstructions dockerize(String... args) throws IOException {
        CommandRun run = CommandRun.in(out, "dockerize", args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return DockerfileInstructions.parse(Files.readString(out.resolve("Dockerfile")));
    }

    @Test
    void twoStagesBuildWithMavenOnAJdk17AndRunOnAJre17AsANonRootUser() throws IOException {
        DockerfileInstructions dockerfile = dockerize("SquareApi");
        List<Instruction> from = dockerfile.of("FROM");
        assertThat(from).extracting(Instruction::arguments)
                .containsExactly("maven:3.9-eclipse-temurin-17 AS build", "eclipse-temurin:17-jre");
        assertThat(dockerfile.of("RUN").get(0).arguments())
                .endsWith("mvn -B -DskipTests package -pl litserve4j-cli -am");
        assertThat(dockerfile.runtime()).extracting(Instruction::keyword)
                .containsSubsequence("FROM", "RUN", "COPY", "USER", "ENTRYPOINT", "CMD");
        assertThat(dockerfile.runtimeOnly("USER").arguments()).isEqualTo("10001:10001");
        assertThat(dockerfile.runtime().stream().filter(i -> i.keyword().equals("COPY")))
                .allMatch(i -> i.arguments().startsWith("--from=build ") || i.arguments().startsWith("classpath/"));
        assertThat(dockerfile.runtimeOnly("ENV").arguments()).isEqualTo("ORT_DISABLE_TELEMETRY=1");
        assertThat(dockerfile.runtimeOnly("STOPSIGNAL").arguments()).isEqualTo("SIGTERM");
    }

    @Test
    void theBuildStageCopiesEveryModulesSourcesAndNothingBuilt() throws IOException {
        SourceTree tree = SourceTree.containing(Main.class);
        List<String> copied = dockerize("SquareApi").all().stream()
                .filter(i -> i.stage() == 0 && i.keyword().equals("COPY"))
                .map(i -> i.arguments().split(" ")[1]).toList();
        assertThat(tree.modules()).contains("litserve4j-core", "litserve4j-cli", "litserve4j-benchmarks");
        for (String module : tree.modules()) {
            assertThat(copied).contains(module + "/pom.xml", module + "/src");
        }
        assertThat(copied).contains("pom.xml").noneMatch(path -> path.contains("target") || path.startsWith("."));
        assertThat(copied).allSatisfy(path -> assertThat(tree.root().resolve(path)).exists());
    }

    @Test
    void theEntrypointIsJavaInExecFormAndTheServeCommandIsTheCmd() throws IOException {
        DockerfileInstructions dockerfile = dockerize("SquareApi", "--port", "8080", "--drain-delay", "5",
                "--enable-shutdown-api", "--management-port", "9000", "--model-metadata", "{\"name\": \"a \\\"b\\\"\"}");
        List<String> entrypoint = dockerfile.runtimeOnly("ENTRYPOINT").execForm();
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75", "-cp", "/app/litserve4j-cli.jar:/app/lib/*")
                .endsWith("dev.litserve4j.cli.Main");
        assertThat(dockerfile.runtimeOnly("CMD").execForm()).containsExactly("serve", "dev.litserve4j.examples.SquareApi",
                "--host", "0.0.0.0", "--port", "8080", "--drain-delay", "5", "--enable-shutdown-api",
                "--management-port", "9000", "--model-metadata", "{\"name\": \"a \\\"b\\\"\"}");
        assertThat(dockerfile.of("EXPOSE")).extracting(Instruction::arguments).containsExactly("8080", "9000");
    }

    @Test
    void theImageRunsWhatTheKubernetesManifestsRun() throws IOException {
        List<String> cmd = dockerize("SquareApi", "--drain-delay", "5").runtimeOnly("CMD").execForm();
        CommandRun k8s = CommandRun.in(out, "kubernetes", "SquareApi", "--drain-delay", "5");
        assertThat(k8s.exitCode()).isZero();
        List<HasMetadata> objects = Serialization.unmarshal(Files.readString(out.resolve("square-api.yaml")));
        Deployment deployment = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).isEqualTo(cmd);
    }

    @Test
    void printsTheBuildAndRunCommandsWithAStopTimeoutThatCoversTheGracefulStop() {
        CommandRun run = CommandRun.in(out, "dockerize", "SquareApi", "--graceful-timeout", "35", "--name", "sq");
        assertThat(run.exitCode()).isZero();
        Path root = SourceTree.containing(Main.class).root();
        assertThat(run.out()).contains("docker build --build-context litserve4j=" + root + " -t sq:latest " + out)
                .contains("docker run --rm --stop-timeout 40 -p 8000:8000 sq:latest");
    }

    @Test
    void aUsersJarIsCopiedIntoTheContextAndPutOnTheClassPath() throws IOException {
        Path jar = Files.createDirectories(out.resolve("elsewhere")).resolve("my-api.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(file,
                new Manifest())) {
            // an empty jar is enough: dockerize copies it, the image loads it
        }
        Path context = Files.createDirectory(out.resolve("context"));
        CommandRun run = CommandRun.of(Map.of("LITSERVE4J_CLASSPATH", jar.toString()), out, "dockerize", "SquareApi",
                "--out", context.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(context.resolve("classpath/my-api.jar")).hasSameBinaryContentAs(jar);
        DockerfileInstructions dockerfile = DockerfileInstructions.parse(Files.readString(context.resolve("Dockerfile")));
        assertThat(dockerfile.runtime()).extracting(Instruction::arguments).contains("classpath/ /app/classpath/");
        assertThat(dockerfile.runtimeOnly("ENTRYPOINT").execForm())
                .contains("/app/litserve4j-cli.jar:/app/lib/*:/app/classpath/my-api.jar");
        assertThat(context.resolve(".dockerignore")).content().contains("*\n!classpath\n");

        Files.writeString(context.resolve("classpath/old.jar"), "stale");
        CommandRun stale = CommandRun.of(Map.of("LITSERVE4J_CLASSPATH", jar.toString()), out, "dockerize", "SquareApi",
                "--out", context.toString(), "--force");
        assertThat(stale.exitCode()).isEqualTo(2);
        assertThat(stale.err()).contains("old.jar is not on LITSERVE4J_CLASSPATH but would go into the image");
    }

    @Test
    void aDirectoryOfClassesOnTheClassPathIsRefusedWithWhatToDo() {
        CommandRun run = CommandRun.of(Map.of("LITSERVE4J_CLASSPATH", out.toString()), out, "dockerize", "SquareApi",
                "--out", out.resolve("context").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("names the directory " + out).contains("package those classes as a jar");
    }

    @Test
    void anExistingFileStopsTheWholeWriteUnlessForce() throws IOException {
        Files.writeString(out.resolve("Dockerfile"), "FROM mine");
        CommandRun refused = CommandRun.in(out, "dockerize", "SquareApi");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains(out.resolve("Dockerfile") + " already exists: pass --force to replace it");
        assertThat(out.resolve("Dockerfile")).hasContent("FROM mine");
        assertThat(out.resolve(".dockerignore")).doesNotExist(); // all or nothing

        assertThat(CommandRun.in(out, "dockerize", "SquareApi", "--force").exitCode()).isZero();
        assertThat(Files.readString(out.resolve("Dockerfile"))).startsWith("# syntax=docker/dockerfile:1");
    }

    @Test
    void kubernetesOptionsAndBadServeFlagsAreRefused() {
        CommandRun replicas = CommandRun.in(out, "dockerize", "SquareApi", "--replicas", "3");
        assertThat(replicas.exitCode()).isEqualTo(2);
        assertThat(replicas.err()).contains("dockerize has no option --replicas");
        CommandRun batch = CommandRun.in(out, "dockerize", "SquareApi", "--max-batch-size", "0");
        assertThat(batch.exitCode()).isEqualTo(2);
        assertThat(batch.err()).contains("maxBatchSize must be >= 1, got 0");
        CommandRun noClass = CommandRun.in(out, "dockerize", "NoSuchApi");
        assertThat(noClass.exitCode()).isEqualTo(2);
        assertThat(noClass.err()).contains("class NoSuchApi is not on the class path");
        assertThat(out).isEmptyDirectory();
    }
}
