package dev.litserve4j.cli;

import dev.litserve4j.LitApi;
import dev.litserve4j.LitServer;
import dev.litserve4j.LitServerBuilder;
import dev.litserve4j.cli.deploy.DeployOptions;
import dev.litserve4j.cli.deploy.Dockerize;
import dev.litserve4j.cli.deploy.KubernetesManifests;
import dev.litserve4j.cli.deploy.ServeCommand;
import dev.litserve4j.cli.deploy.SourceTree;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code litserve4j serve [LitApi class] [options]}: serves any {@link LitApi} on the class path, as
 * {@code uvicorn module:app} does for Python. Exit codes: 0 after a clean stop, 1 when the server
 * failed to start, stopped on a failure or cut requests at the graceful deadline, 2 for a bad
 * command line, 130 for a forced stop. {@code dockerize} and {@code kubernetes} write the files that
 * run the same command in a container: 0 when written, 2 for a bad command line or a file that is
 * already there, 1 when writing failed.
 */
public final class Main {

    private static final String EXAMPLE_API = "dev.litserve4j.examples.SquareApi";
    private static final String EXAMPLES_PACKAGE = "dev.litserve4j.examples.";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv(), Path.of("")));
    }

    /**
     * @param out where dockerize and kubernetes say what they wrote and what to run next
     * @param env the environment at the edge: LITSERVE4J_CLASSPATH, for dockerize
     * @param workingDirectory where --out and relative paths start
     */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, Path workingDirectory) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        if (rest.isEmpty() || rest.get(0).equals("--help") || rest.get(0).equals("-h")) {
            err.println(usage());
            return rest.isEmpty() ? 2 : 0;
        }
        String command = rest.remove(0);
        if (!List.of("serve", "dockerize", "kubernetes", "k8s").contains(command)) {
            err.println("unknown command '" + command + "'\n\n" + usage());
            return 2;
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            err.println(usage());
            return 0;
        }
        if (!command.equals("serve")) {
            return deploy(command, rest, out, err, env, workingDirectory.toAbsolutePath());
        }
        String className = !rest.isEmpty() && !rest.get(0).startsWith("-") ? rest.remove(0) : null;

        LitServer server;
        try {
            server = configure(className, rest, env);
            ServeOptions.checkTlsFiles(rest); // here, not at start: a bad file is a bad command line (exit 2)
        } catch (ServeOptions.UsageException | IllegalArgumentException e) {
            err.println("litserve4j: " + e.getMessage());
            return 2;
        }
        // Before start(): a signal that arrives while the workers set up must stop, not kill, the server.
        Signals.stopOnTermination(server);
        try {
            server.start();
        } catch (RuntimeException e) {
            err.println("litserve4j: the server did not start: " + e.getMessage());
            return 1;
        }
        try {
            server.run();
            if (!server.stoppedCleanly()) {
                err.println("litserve4j: the graceful timeout cut unfinished requests");
                return 1;
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("litserve4j: the server stopped on a failure: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The server a serve command builds (not started): the API by class name (null: the default
     * embeddings server), then the flags, exactly as {@code serve} does it.
     *
     * @throws ServeOptions.UsageException or IllegalArgumentException for a command line that cannot be served
     */
    static LitServer configure(String className, List<String> flags, Map<String, String> env) {
        LitServerBuilder builder = LitServer.builder().environment(env);
        if (className == null) {
            flags = DefaultServer.flags(flags); // without a class: the embeddings server (DefaultServer)
            DefaultServer.apis(flags).forEach(builder::api);
        } else {
            builder.api(instantiate(className));
        }
        ServeOptions.apply(flags, builder);
        ServeOptions.applyTls(flags, builder);
        return builder.build();
    }

    /** dockerize and kubernetes: files that run the serve command in a container, from the server it builds. */
    private static int deploy(String command, List<String> args, PrintStream out, PrintStream err,
            Map<String, String> env, Path workingDirectory) {
        boolean docker = command.equals("dockerize");
        try {
            DeployOptions options = DeployOptions.parse(command, args,
                    docker ? DeployOptions.DOCKERIZE : DeployOptions.KUBERNETES, workingDirectory);
            List<String> flags = new ArrayList<>(options.serveArgs());
            String className = !flags.isEmpty() && !flags.get(0).startsWith("-") ? flags.remove(0) : null;
            flags = ServeCommand.withContainerHost(flags);
            // The environment's keys are not the container's: the files refer to them, never hold them.
            LitServer server = configure(className, flags, Map.of());
            String loaded = className == null ? null : load(className).getName();
            ServeCommand serve = ServeCommand.of(loaded, flags, server);
            out.print(docker
                    ? Dockerize.write(serve, options, SourceTree.containing(Main.class), env.get("LITSERVE4J_CLASSPATH"),
                            workingDirectory)
                    : KubernetesManifests.write(serve, options));
            return 0;
        } catch (ServeOptions.UsageException | IllegalArgumentException e) {
            err.println("litserve4j " + command + ": " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("litserve4j " + command + ": cannot write the files: " + e);
            return 1;
        }
    }

    /** Loads a LitApi by class name; a simple name is also looked up among the bundled examples. */
    static LitApi<?, ?> instantiate(String className) {
        Class<?> type = load(className);
        if (!LitApi.class.isAssignableFrom(type)) {
            throw new ServeOptions.UsageException(className + " is not a LitApi: implement dev.litserve4j.LitApi");
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor();
            return (LitApi<?, ?>) constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new ServeOptions.UsageException(className + " needs a public no-argument constructor");
        } catch (IllegalAccessException e) {
            throw new ServeOptions.UsageException(className + " and its no-argument constructor must be public");
        } catch (InvocationTargetException e) {
            throw new ServeOptions.UsageException("the constructor of " + className + " failed: " + e.getCause());
        } catch (InstantiationException e) {
            throw new ServeOptions.UsageException(className + " is abstract: name a concrete class");
        }
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className);
        } catch (ClassNotFoundException e) {
            if (!className.contains(".")) {
                try {
                    return Class.forName(EXAMPLES_PACKAGE + className);
                } catch (ClassNotFoundException ignored) {
                    // report the name as given
                }
            }
            throw new ServeOptions.UsageException("class " + className + " is not on the class path; give its full "
                    + "name (e.g. " + EXAMPLE_API + ") and add its jar with LITSERVE4J_CLASSPATH");
        }
    }

    static String usage() {
        return "usage: litserve4j serve [LitApi class] [options]\n"
                + "       litserve4j dockerize [LitApi class] [options] [--out DIR] [--force] [--name NAME] [--image IMAGE]\n"
                + "       litserve4j kubernetes [LitApi class] [options] [--out DIR] [--force] [--name NAME] "
                + "[--image IMAGE]\n"
                + "                  [--replicas N] [--max-replicas N] [--cpu QUANTITY] [--memory QUANTITY] "
                + "[--startup-timeout SECONDS]\n\n"
                + "serve: serves the LitApi over HTTP; without one, all-MiniLM-L6-v2 embeddings on /v1/embeddings and "
                + "/predict.\nA simple name is looked up among the examples (SquareApi, EchoChatApi, ...).\n"
                + "dockerize: writes a Dockerfile and a .dockerignore (into DIR, default the current directory) for an "
                + "image\nthat runs that serve command. kubernetes (or k8s): writes NAME.yaml, a Deployment, Service,\n"
                + "PodDisruptionBudget and HorizontalPodAutoscaler for it. Neither replaces a file without --force.\n"
                + "\noptions (of serve, and baked into what dockerize and kubernetes write):\n"
                + ServeOptions.help();
    }
}
