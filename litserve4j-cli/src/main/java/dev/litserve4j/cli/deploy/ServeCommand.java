package dev.litserve4j.cli.deploy;

import dev.litserve4j.LitServer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The serve command a container runs, and the server it configures. The generators read every port,
 * path and timeout from {@link #server()}, never from the flags, so what they write is what the
 * server does.
 *
 * @param apiClass the LitApi's class name as loaded, or null for the default embeddings server
 * @param flags the serve flags, with {@code --host 0.0.0.0} when they named no host
 * @param server the server those flags build (never started)
 */
public record ServeCommand(String apiClass, List<String> flags, LitServer server) {

    /** Where a container's server listens: every interface, or nothing outside the container reaches it. */
    public static final String CONTAINER_HOST = "0.0.0.0";

    public ServeCommand {
        flags = List.copyOf(flags);
    }

    /** {@code flags} with {@code --host 0.0.0.0} first when they name no host. */
    public static List<String> withContainerHost(List<String> flags) {
        boolean named = flags.stream().anyMatch(f -> f.equals("--host") || f.startsWith("--host="));
        List<String> result = new ArrayList<>();
        if (!named) {
            result.add("--host");
            result.add(CONTAINER_HOST);
        }
        result.addAll(flags);
        return result;
    }

    /**
     * Checks that the server can serve from a container as it is configured.
     *
     * @throws IllegalArgumentException for a port picked at start, or a public address no one outside reaches
     */
    public static ServeCommand of(String apiClass, List<String> flags, LitServer server) {
        if (server.configuredPort() == 0) {
            throw new IllegalArgumentException("--port 0 picks a free port at start, but a container publishes a "
                    + "fixed one: give --port a number such as 8000");
        }
        if (server.configuredManagementPort().orElse(-1) == 0) {
            throw new IllegalArgumentException("--management-port 0 picks a free port at start, but a container "
                    + "publishes a fixed one: give it a number such as 9000");
        }
        if (isLoopback(server.host())) {
            throw new IllegalArgumentException("--host " + server.host() + " is reachable only from inside the "
                    + "container: drop --host (the container listens on " + CONTAINER_HOST + ") or name a "
                    + "wildcard address");
        }
        return new ServeCommand(apiClass, flags, server);
    }

    /** {@code serve [class] flags...}: the container's arguments after the image's entrypoint. */
    public List<String> args() {
        List<String> args = new ArrayList<>();
        args.add("serve");
        if (apiClass != null) {
            args.add(apiClass);
        }
        args.addAll(flags);
        return args;
    }

    /** The command as a person would type it, on one line, for a comment in a generated file. */
    public String commandLine() {
        String line = "litserve4j " + args().stream().map(ServeCommand::shellWord).collect(Collectors.joining(" "));
        return line.replaceAll("\\p{Cntrl}", " ");
    }

    /** {@code word} as the shell reads it back: quoted when it holds anything but safe characters. */
    public static String shellWord(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1");
    }
}
