package dev.litserve4j.internal.warmup;

import dev.litserve4j.Form;
import dev.litserve4j.internal.config.EndpointConfig;
import dev.litserve4j.internal.config.WarmupConfig;
import dev.litserve4j.internal.form.FormEncoder;
import dev.litserve4j.internal.http.WarmupTraffic;
import dev.litserve4j.internal.json.JsonCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm-up before readiness: for each API that supplies {@code sampleRequests()}, real HTTP
 * requests over loopback to the server's own listener, so that the JIT compiles the path a client's
 * request takes (Netty's codec, routing, the queue hand-off, decode, predict, encode, the write)
 * before the first client arrives. It never fails the start: a sample that is refused, a connection
 * that breaks, or the timeout ends it with a warning, and {@link #cancel()} (a stop) ends it at once.
 */
public final class Warmup {

    // The server's logger, as for its other start-up lines; by name, since internal code does not use LitServer.
    private static final Logger log = LoggerFactory.getLogger("dev.litserve4j.LitServer");
    private static final long STRAGGLER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_CONNECTIONS = 32;

    /** One API to warm: its path, its whole HTTP requests, and how many connections send them. */
    record Target(String path, List<byte[]> requests, int connections) {
    }

    private final InetSocketAddress server;
    private final WarmupTraffic traffic;
    private final WarmupConfig config;
    private final List<Target> targets;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile WarmupRun current;
    private volatile boolean cancelled;
    private final SSLSocketFactory tls;

    private Warmup(InetSocketAddress server, WarmupTraffic traffic, WarmupConfig config, List<Target> targets,
            SSLSocketFactory tls) {
        this.tls = tls;
        this.server = server;
        this.traffic = traffic;
        this.config = config;
        this.targets = targets;
    }

    /**
     * The warm-up of the APIs that supply samples, or null when none does (or none can be written).
     *
     * @param host the address the server bound; a wildcard is reached on loopback
     * @param apiKey the server's {@code X-API-Key}, sent with every request, or null
     * @param tls the sockets of a server that serves TLS ({@link WarmupTls}), or null
     */
    public static Warmup of(List<EndpointConfig> endpoints, String host, int port, String apiKey, JsonCodec codec,
            WarmupTraffic traffic, WarmupConfig config, SSLSocketFactory tls) {
        InetSocketAddress server = loopback(host, port);
        String hostHeader = (server.getAddress().getAddress().length == 16 ? "[" + server.getHostString() + "]"
                : server.getHostString()) + ":" + port;
        List<Target> targets = new ArrayList<>();
        for (EndpointConfig endpoint : endpoints) {
            List<byte[]> requests = requests(endpoint, hostHeader, apiKey, codec);
            if (!requests.isEmpty()) {
                int connections = Math.min(MAX_CONNECTIONS, Math.max(4, endpoint.maxBatchSize() * endpoint.workersPerDevice()));
                targets.add(new Target(endpoint.path(), requests, Math.min(connections, config.requests())));
            }
        }
        return targets.isEmpty() ? null : new Warmup(server, traffic, config, targets, tls);
    }

    private static List<byte[]> requests(EndpointConfig endpoint, String hostHeader, String apiKey, JsonCodec codec) {
        List<byte[]> requests = new ArrayList<>();
        try {
            for (Object sample : endpoint.api().sampleRequests()) {
                // A Form is sent as a multipart form and a byte[] as it is, as the API's clients send them.
                byte[] body = sample instanceof Form ? FormEncoder.encode((Form) sample)
                        : sample instanceof byte[] ? (byte[]) sample : codec.write(sample);
                String type = sample instanceof Form ? FormEncoder.contentType()
                        : sample instanceof byte[] ? "application/octet-stream" : "application/json";
                String head = "POST " + endpoint.path() + " HTTP/1.1\r\nHost: " + hostHeader
                        + "\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length
                        + (apiKey == null ? "" : "\r\nX-API-Key: " + apiKey) + "\r\n\r\n";
                byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
                byte[] request = new byte[headBytes.length + body.length];
                System.arraycopy(headBytes, 0, request, 0, headBytes.length);
                System.arraycopy(body, 0, request, headBytes.length, body.length);
                requests.add(request);
            }
        } catch (RuntimeException e) {
            log.warn("no warm-up for {}: its sample requests could not be written: {}", endpoint.path(), e.toString());
            return List.of();
        }
        return requests;
    }

    private static InetSocketAddress loopback(String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equals("0.0.0.0")) {
            return new InetSocketAddress("127.0.0.1", port);
        }
        if (bare.equals("::") || bare.equals("0:0:0:0:0:0:0:0")) {
            return new InetSocketAddress("::1", port);
        }
        return new InetSocketAddress(bare, port);
    }

    /** Runs the warm-up on the calling thread, one API after the other, within the timeout; never throws. */
    public void run() {
        long start = System.nanoTime();
        long deadline = start + config.timeout().toNanos();
        for (Target target : targets) {
            if (cancelled) {
                return;
            }
            long began = System.nanoTime();
            WarmupRun run = new WarmupRun(config.requests(), target.connections());
            current = run;
            if (cancelled) { // a cancel() that came before this run was visible: it did not stop it
                return;
            }
            for (int i = 0; i < target.connections(); i++) {
                Thread thread = new Thread(new WarmupConnection(server, traffic, target.requests(), run, open, i, tls),
                        "litserve4j-warmup-" + i);
                thread.setDaemon(true);
                thread.start();
            }
            boolean finished = await(run, deadline);
            if (!finished) {
                run.stop();
                closeAll(); // a hung predict holds its connection's thread in a read: closing frees it
                await(run, System.nanoTime() + STRAGGLER_NANOS);
            }
            report(target, run, finished, began);
            if (!finished) {
                return; // out of time for the rest too
            }
        }
    }

    private static boolean await(WarmupRun run, long deadline) {
        try {
            return run.await(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.stop();
            return false;
        }
    }

    private void report(Target target, WarmupRun run, boolean finished, long began) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        if (cancelled) {
            log.info("warm-up of {} stopped by the server's stop after {} request(s)", target.path(), run.answeredCount());
        } else if (run.failure() != null) {
            log.warn("warm-up of {} ended after {} request(s) in {} ms: {}; the server starts without the rest of it",
                    target.path(), run.answeredCount(), millis, run.failure());
        } else if (!finished) {
            log.warn("warm-up timeout of {} ms reached after {} of {} request(s) to {}; the server starts anyway",
                    config.timeout().toMillis(), run.answeredCount(), config.requests(), target.path());
        } else {
            log.info("warmed up {} with {} request(s) in {} ms", target.path(), run.answeredCount(), millis);
        }
    }

    /** Stops the warm-up from any thread: its connections close, and {@link #run()} returns soon after. */
    public void cancel() {
        cancelled = true;
        WarmupRun run = current;
        if (run != null) {
            run.stop();
        }
        closeAll();
    }

    private void closeAll() {
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }
    }
}
