package dev.litserve4j.cli;

import dev.litserve4j.LitApi;
import dev.litserve4j.LitServer;
import dev.litserve4j.LitServerBuilder;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code litserve4j serve [LitApi class] [options]}: serves any {@link LitApi} on the class path, as
 * {@code uvicorn module:app} does for Python. Exit codes: 0 after a clean stop, 1 when the server
 * failed to start, stopped on a failure or cut requests at the graceful deadline, 2 for a bad
 * command line, 130 for a forced stop.
 */
public final class Main {

    /** Without a class: all-MiniLM-L6-v2, on /v1/embeddings (OpenAI) and on /predict. */
    static final List<String> DEFAULT_APIS = List.of("dev.litserve4j.onnx.MiniLmEmbeddingsApi",
            "dev.litserve4j.onnx.MiniLmPredictApi");
    private static final String EXAMPLE_API = "dev.litserve4j.examples.SquareApi";
    private static final String EXAMPLES_PACKAGE = "dev.litserve4j.examples.";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    static int run(String[] args, PrintStream err) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        if (rest.isEmpty() || rest.get(0).equals("--help") || rest.get(0).equals("-h")) {
            err.println(usage());
            return rest.isEmpty() ? 2 : 0;
        }
        String command = rest.remove(0);
        if (!command.equals("serve")) {
            err.println("unknown command '" + command + "'\n\n" + usage());
            return 2;
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            err.println(usage());
            return 0;
        }
        List<String> classNames = !rest.isEmpty() && !rest.get(0).startsWith("-") ? List.of(rest.remove(0))
                : DEFAULT_APIS;

        LitServer server;
        try {
            LitServerBuilder builder = LitServer.builder();
            for (String className : classNames) {
                builder.api(instantiate(className));
            }
            ServeOptions.apply(rest, builder);
            server = builder.build();
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
        return "usage: litserve4j serve [LitApi class] [options]\n\n"
                + "Serves the LitApi over HTTP; without one, all-MiniLM-L6-v2 embeddings on /v1/embeddings and "
                + "/predict.\nA simple name is looked up among the examples (SquareApi, EchoChatApi, ...).\n\noptions:\n"
                + ServeOptions.help();
    }
}
