package dev.litserve4j.junit;

import dev.litserve4j.LitServer;
import dev.litserve4j.LitServerBuilder;
import dev.litserve4j.client.LitClient;
import dev.litserve4j.client.LitClientBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** One server the extension started, its base URI and its client; and which test context owns it. */
final class RunningServer {

    /** Beyond the server's own graceful timeout, how long a stop may take before the test fails. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(10);

    final LitServer server;
    final URI uri;
    final LitClient client;
    final String owner;

    private RunningServer(LitServer server, URI uri, LitClient client, String owner) {
        this.server = server;
        this.uri = uri;
        this.client = client;
        this.owner = owner;
    }

    /**
     * Builds the server on 127.0.0.1, port 0, blind to the process environment (a {@code LIT_SERVER_API_KEY}
     * set for the build must not change a test), then the configuration, and starts it.
     */
    static RunningServer start(Consumer<LitServerBuilder> configuration, UnaryOperator<LitClientBuilder> clientOptions,
            String owner) {
        LitServerBuilder builder = LitServer.builder().host("127.0.0.1").port(0).environment(Map.of());
        configuration.accept(builder);
        LitServer server = builder.build().start();
        try {
            URI uri = URI.create(server.scheme() + "://" + reachable(server.host()) + ":" + server.port());
            LitClient client = clientOptions.apply(LitClient.builder(uri)).build();
            return new RunningServer(server, uri, client, owner);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Stops gracefully; fails when the server is still running after its graceful timeout and a margin. */
    void stop() throws InterruptedException {
        server.stop();
        Duration limit = server.gracefulTimeout().plus(STOP_MARGIN);
        if (!server.awaitTermination(limit)) {
            throw new IllegalStateException("the LitServer on " + uri + " did not stop within " + limit
                    + " (its graceful timeout plus " + STOP_MARGIN + ")");
        }
    }

    /** The address a client on this machine connects to for a server bound to {@code host}. */
    private static String reachable(String host) {
        if (host.equals("0.0.0.0") || host.isEmpty()) {
            return "127.0.0.1";
        }
        if (host.equals("::") || host.equals("[::]")) {
            return "[::1]";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
