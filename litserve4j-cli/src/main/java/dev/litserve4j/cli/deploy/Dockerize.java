package dev.litserve4j.cli.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.LitServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code litserve4j dockerize}: a Dockerfile and a .dockerignore that build the launcher from the
 * litserve4j sources and run one serve command. The output directory is the build context (it holds
 * only the user's jars); the sources come in as the named context {@code litserve4j}, so the files
 * work wherever they are written.
 */
public final class Dockerize {

    /** Where the image keeps the launcher, its libraries and the user's jars. */
    public static final String APP = "/app";
    /** Heap within the container's memory limit, with room left for native memory (ONNX Runtime, Netty). */
    public static final List<String> JVM_OPTIONS = List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
    public static final String MAIN_CLASS = "dev.litserve4j.cli.Main";
    /** The non-root user and group the server runs as (numeric, so Kubernetes' runAsNonRoot can check it). */
    public static final int UID = 10001;
    static final String BUILD_IMAGE = "maven:3.9-eclipse-temurin-17";
    static final String RUN_IMAGE = "eclipse-temurin:17-jre";
    static final String SOURCE_CONTEXT = "litserve4j";

    private final ServeCommand command;
    private final SourceTree source;
    private final List<Path> userJars;

    private Dockerize(ServeCommand command, SourceTree source, List<Path> userJars) {
        this.command = command;
        this.source = source;
        this.userJars = userJars;
    }

    /**
     * Writes the files and returns what to tell the user: the files and the commands to build and run.
     *
     * @param userClasspath {@code LITSERVE4J_CLASSPATH}, or null
     */
    public static String write(ServeCommand command, DeployOptions options, SourceTree source, String userClasspath,
            Path workingDirectory) throws IOException {
        List<Path> jars = UserJars.of(userClasspath, workingDirectory);
        UserJars.checkNoOthers(options.out(), jars);
        Dockerize dockerize = new Dockerize(command, source, jars);
        OutputFiles files = new OutputFiles(options.out(), options.force())
                .text("Dockerfile", dockerize.dockerfile())
                .text(".dockerignore", dockerize.dockerignore());
        for (Path jar : jars) {
            files.copy(UserJars.FOLDER + "/" + jar.getFileName(), jar);
        }
        List<Path> written = files.write();
        String image = options.imageFor(command.apiClass());
        StringBuilder report = new StringBuilder("wrote");
        written.forEach(file -> report.append(' ').append(file));
        return report.append("\nbuild the image, then run it:\n  ").append(dockerize.buildCommand(image, options.out()))
                .append("\n  ").append(dockerize.runCommand(image)).append('\n').toString();
    }

    String dockerfile() {
        LitServer server = command.server();
        List<String> lines = new ArrayList<>();
        lines.add("# syntax=docker/dockerfile:1");
        lines.add("# Written by `litserve4j dockerize`: an image that runs");
        lines.add("#   " + command.commandLine());
        lines.add("# The litserve4j sources are the named build context \"" + SOURCE_CONTEXT + "\"; this directory, the");
        lines.add("# main context, gives only your jars in " + UserJars.FOLDER + "/, if any (BuildKit: Docker 23 or later):");
        lines.add("#   " + buildCommand("IMAGE", Path.of(".")));
        lines.add("");
        lines.add("FROM " + BUILD_IMAGE + " AS build");
        lines.add("WORKDIR /src");
        lines.add("# The sources only, never a local target/ or .git; every module's pom, since Maven reads them all.");
        lines.add("COPY --from=" + SOURCE_CONTEXT + " pom.xml ./");
        for (String module : source.modules()) {
            lines.add("COPY --from=" + SOURCE_CONTEXT + " " + module + "/pom.xml " + module + "/");
            lines.add("COPY --from=" + SOURCE_CONTEXT + " " + module + "/src " + module + "/src");
        }
        lines.add("RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package -pl litserve4j-cli -am");
        lines.add("");
        lines.add("FROM " + RUN_IMAGE);
        lines.add("RUN groupadd --system --gid " + UID + " litserve4j \\");
        lines.add(" && useradd --system --uid " + UID + " --gid " + UID + " --home-dir " + APP
                + " --shell /usr/sbin/nologin litserve4j");
        lines.add("WORKDIR " + APP);
        lines.add("# Owned by root: the server can read its code, not change it.");
        lines.add("COPY --from=build /src/litserve4j-cli/target/litserve4j-cli.jar " + APP + "/litserve4j-cli.jar");
        lines.add("COPY --from=build /src/litserve4j-cli/target/lib/ " + APP + "/lib/");
        if (!userJars.isEmpty()) {
            lines.add("COPY " + UserJars.FOLDER + "/ " + APP + "/" + UserJars.FOLDER + "/");
        }
        lines.add("USER " + UID + ":" + UID);
        lines.add("# ONNX Runtime's telemetry crashes the JVM on a long command line (see bin/litserve4j).");
        lines.add("ENV ORT_DISABLE_TELEMETRY=1");
        lines.add("EXPOSE " + server.configuredPort());
        OptionalInt management = server.configuredManagementPort();
        if (management.isPresent()) {
            lines.add("# The management port (" + operatorRoutes(server) + ") on " + server.managementHost().orElseThrow()
                    + (managementReachable(server) ? "" : ": only processes inside the container reach it"));
            lines.add("EXPOSE " + management.getAsInt());
        }
        lines.add("# SIGTERM starts the graceful stop; give it time: docker run --stop-timeout (printed by dockerize).");
        lines.add("STOPSIGNAL SIGTERM");
        lines.add("# java itself is process 1 and gets the signals. More JVM options: JAVA_TOOL_OPTIONS.");
        lines.add("ENTRYPOINT " + json(entrypoint()));
        lines.add("# The serve command; `docker run IMAGE serve ...` or a Kubernetes container's args replace it.");
        lines.add("CMD " + json(command.args()));
        return String.join("\n", lines) + "\n";
    }

    String dockerignore() {
        return "# Written by `litserve4j dockerize`. This directory is the build context: nothing in it goes\n"
                + "# to the builder but the jars the image needs (the sources come from the named context).\n"
                + "*\n"
                + (userJars.isEmpty() ? "" : "!" + UserJars.FOLDER + "\n");
    }

    /** java, its options, the image's class path and the launcher's main class. */
    List<String> entrypoint() {
        List<String> entrypoint = new ArrayList<>();
        entrypoint.add("java");
        entrypoint.addAll(JVM_OPTIONS);
        entrypoint.add("-cp");
        StringBuilder classpath = new StringBuilder(APP + "/litserve4j-cli.jar:" + APP + "/lib/*");
        userJars.forEach(jar -> classpath.append(':').append(APP).append('/').append(UserJars.FOLDER).append('/')
                .append(jar.getFileName()));
        entrypoint.add(classpath.toString());
        entrypoint.add(MAIN_CLASS);
        return entrypoint;
    }

    private String buildCommand(String image, Path context) {
        return "docker build --build-context " + SOURCE_CONTEXT + "=" + ServeCommand.shellWord(source.root().toString())
                + " -t " + ServeCommand.shellWord(image) + " " + ServeCommand.shellWord(context.toString());
    }

    private String runCommand(String image) {
        LitServer server = command.server();
        StringBuilder run = new StringBuilder("docker run --rm --stop-timeout ")
                .append(GracePeriod.of(server).seconds())
                .append(" -p ").append(server.configuredPort()).append(':').append(server.configuredPort());
        if (managementReachable(server)) {
            int port = server.configuredManagementPort().getAsInt();
            run.append(" -p 127.0.0.1:").append(port).append(':').append(port);
        }
        if (server.shutdownApiEnabled()) {
            run.append(" -e LIT_SHUTDOWN_API_KEY"); // passed on from your shell, never written down
        }
        return run.append(' ').append(ServeCommand.shellWord(image)).toString();
    }

    static String operatorRoutes(LitServer server) {
        List<String> routes = new ArrayList<>();
        server.shutdownPath().ifPresent(path -> routes.add("shutdown at " + path));
        server.metricsPath().ifPresent(path -> routes.add("metrics at " + path));
        return String.join(", ", routes);
    }

    /** True when something outside the container (or pod) can reach the management listener. */
    static boolean managementReachable(LitServer server) {
        return server.managementHost().map(host -> !ServeCommand.isLoopback(host)).orElse(false);
    }

    private static String json(List<String> words) {
        try {
            return new ObjectMapper().writeValueAsString(words);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
