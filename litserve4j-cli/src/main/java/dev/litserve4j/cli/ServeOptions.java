package dev.litserve4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.LitServerBuilder;
import dev.litserve4j.Mcp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The flags of {@code litserve4j serve}: each maps to one builder option. Values may follow the flag
 * ({@code --port 8000}) or be joined to it ({@code --port=8000}); switches take no value.
 */
final class ServeOptions {

    /** Thrown for a command line that cannot be served; the message says what to change. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private record Flag(String name, String valueName, String help, BiConsumer<LitServerBuilder, String> apply) {
        boolean isSwitch() {
            return valueName == null;
        }
    }

    private static final Map<String, Flag> FLAGS = new LinkedHashMap<>();

    static {
        add("--host", "ADDRESS", "address to bind (default 0.0.0.0)", LitServerBuilder::host);
        add("--port", "PORT", "port to bind; 0 picks a free one (default 8000)", (b, v) -> b.port(integer("--port", v)));
        add("--api-path", "PATH", "path of the predict route (default /predict)", LitServerBuilder::apiPath);
        add("--workers-per-device", "N", "worker threads per device (default 1; 2 for the default embeddings server)",
                (b, v) -> b.workersPerDevice(integer("--workers-per-device", v)));
        add("--max-batch-size", "N", "requests per batch (default 1)",
                (b, v) -> b.maxBatchSize(integer("--max-batch-size", v)));
        add("--batch-timeout", "SECONDS", "how long a batch waits for company (default 0)",
                (b, v) -> b.batchTimeout(seconds("--batch-timeout", v)));
        add("--timeout", "SECONDS", "longest wait for an answer, or 'false' for none (default 30)", (b, v) -> {
            if (v.equalsIgnoreCase("false") || v.equals("-1") || v.equals("0")) {
                b.disableTimeout();
            } else {
                b.timeout(seconds("--timeout", v));
            }
        });
        add("--stream", null, "stream outputs as NDJSON (the API implements predictStream)", (b, v) -> b.stream(true));
        // Both only record what they were given: apply() makes one tool of the two, in whatever order they come.
        add("--mcp", null, "also serve the API as an MCP tool at /mcp, named after its path", (b, v) -> { });
        add("--mcp-description", "TEXT", "what the MCP tool does, for the agent choosing it (implies --mcp)",
                (b, v) -> { });
        add("--max-payload-size", "SIZE", "largest request body, e.g. 10MB, or none (default 16MB)", (b, v) -> {
            if (v.chars().allMatch(Character::isDigit)) {
                b.maxPayloadSize(Long.parseLong(v));
            } else {
                b.maxPayloadSize(v);
            }
        });
        add("--healthcheck-path", "PATH", "path of the health check (default /health)", LitServerBuilder::healthcheckPath);
        add("--info-path", "PATH", "path of the info document (default /info)", LitServerBuilder::infoPath);
        add("--model-metadata", "JSON", "JSON shown under \"model\" in the info document", (b, v) -> b.modelMetadata(json(v)));
        add("--liveness-path", "PATH", "path of the liveness probe (default /livez)", LitServerBuilder::livenessPath);
        add("--readiness-path", "PATH", "path of the readiness probe (default /readyz)", LitServerBuilder::readinessPath);
        add("--drain-delay", "SECONDS", "on a stop, keep serving this long with readiness 503 before draining (default 0)",
                (b, v) -> b.drainDelay(seconds("--drain-delay", v)));
        add("--graceful-timeout", "SECONDS", "one deadline for a graceful stop (default 30)",
                (b, v) -> b.gracefulTimeout(seconds("--graceful-timeout", v)));
        add("--enable-shutdown-api", null, "serve POST /shutdown for callers with the shutdown key",
                (b, v) -> b.enableShutdownApi(true));
        add("--shutdown-path", "PATH", "path of the shutdown route (default /shutdown)", LitServerBuilder::shutdownPath);
        add("--management-port", "PORT", "serve the shutdown route and the metrics only on this port",
                (b, v) -> b.managementPort(integer("--management-port", v)));
        add("--management-host", "ADDRESS", "address of the management port (default 127.0.0.1)",
                LitServerBuilder::managementHost);
        add("--track-requests", null, "count active requests for callbacks", (b, v) -> b.trackRequests(true));
        add("--access-log", null, "one line per finished request to the logger litserve4j.access",
                (b, v) -> b.accessLog(true));
        add("--no-metrics", null, "do not serve the Prometheus metrics", (b, v) -> b.metrics(false));
        add("--metrics-path", "PATH", "path of the Prometheus metrics (default /metrics)", LitServerBuilder::metricsPath);
        add("--no-docs", null, "serve neither /openapi.json nor the /docs page", (b, v) -> b.docs(false));
        add("--restart-workers", null, "replace a worker that died instead of stopping", (b, v) -> b.restartWorkers(true));
        add("--warmup-requests", "N", "requests each API with sample requests gets before readiness; 0 for none"
                + " (default 0)", (b, v) -> b.warmupRequests(integer("--warmup-requests", v)));
        add("--warmup-timeout", "SECONDS", "longest the warm-up may take, then ready anyway (default 10)",
                (b, v) -> b.warmupTimeout(seconds("--warmup-timeout", v)));
        add("--accelerator", "NAME", "auto or cpu (default auto)", LitServerBuilder::accelerator);
        add("--devices", "N", "auto or 1 on the CPU (default auto)", LitServerBuilder::devices);
        add("--max-queue-size", "N", "requests an API may hold waiting (default 1024)",
                (b, v) -> b.maxQueueSize(integer("--max-queue-size", v)));
        add("--head-timeout", "SECONDS", "time for a request head to arrive, then 408 (default 10)",
                (b, v) -> b.headTimeout(seconds("--head-timeout", v)));
        add("--body-idle-timeout", "SECONDS", "longest a request body may stall, then 408 (default 30)",
                (b, v) -> b.bodyIdleTimeout(seconds("--body-idle-timeout", v)));
        add("--idle-timeout", "SECONDS", "an idle keep-alive connection is closed after (default 60)",
                (b, v) -> b.idleTimeout(seconds("--idle-timeout", v)));
        add("--stream-stall-timeout", "SECONDS", "longest a stream waits in all for its reader (default 30)",
                (b, v) -> b.streamStallTimeout(seconds("--stream-stall-timeout", v)));
        add("--max-connections", "N", "open connections at most; beyond, 503 and close (default 10000)",
                (b, v) -> b.maxConnections(integer("--max-connections", v)));
        add("--max-body-read-rate", "MIB", "MiB a second read of bodies past their first 64 KiB, or none (default 128)",
                (b, v) -> b.maxBodyReadRate("none".equals(v) ? 0 : mebibytes("--max-body-read-rate", v)));
        add("--max-body-buffer", "MIB", "MiB of bodies held while read, past 64 KiB each, or none (default 32 or the"
                + " payload limit)", (b, v) -> b.maxBufferedBodyBytes("none".equals(v) ? 0 : mebibytes("--max-body-buffer", v)));
        // The three only record what they were given: applyTls() hands them to the builder together.
        add("--ssl-certfile", "FILE", "serve HTTPS (HTTP/2 and HTTP/1.1) with this PEM certificate (and chain)",
                (b, v) -> { });
        add("--ssl-keyfile", "FILE", "the PEM private key of --ssl-certfile", (b, v) -> { });
        add("--ssl-keyfile-password", "PASSWORD", "the password of an encrypted --ssl-keyfile", (b, v) -> { });
    }

    private static void add(String name, String valueName, String help, BiConsumer<LitServerBuilder, String> apply) {
        FLAGS.put(name, new Flag(name, valueName, help, apply));
    }

    private ServeOptions() {
    }

    /**
     * Applies {@code args} (the flags after the class name) to {@code builder}.
     *
     * @throws UsageException naming the flag that is unknown, lacks a value or has a bad one
     */
    static void apply(List<String> args, LitServerBuilder builder) {
        boolean mcp = false;
        String mcpDescription = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            Flag flag = FLAGS.get(name);
            if (flag == null) {
                throw new UsageException("unknown option " + name + "; the options are:\n" + help());
            }
            if (flag.isSwitch()) {
                if (value != null) {
                    throw new UsageException(name + " takes no value, got " + arg);
                }
            } else if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new UsageException(name + " needs a value: " + name + " " + flag.valueName());
                }
                value = args.get(++i);
            }
            mcp |= name.equals("--mcp") || name.equals("--mcp-description");
            if (name.equals("--mcp-description")) {
                mcpDescription = value;
            }
            try {
                flag.apply().accept(builder, value);
            } catch (NumberFormatException e) {
                throw new UsageException(name + " needs " + flag.valueName() + ", got '" + value + "'");
            }
        }
        if (mcp) {
            builder.mcp(mcpDescription == null ? Mcp.tool() : Mcp.tool().description(mcpDescription));
        }
    }

    /** One line per option, for the usage text. */
    static String help() {
        List<String> lines = new ArrayList<>();
        for (Flag flag : FLAGS.values()) {
            String left = flag.isSwitch() ? flag.name() : flag.name() + " " + flag.valueName();
            lines.add(String.format(Locale.ROOT, "  %-28s %s", left, flag.help()));
        }
        return String.join("\n", lines);
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a whole number, got '" + value + "'");
        }
    }

    private static long mebibytes(String flag, String value) {
        try {
            double mib = Double.parseDouble(value.trim());
            if (!(mib > 0) || Double.isInfinite(mib)) {
                throw new NumberFormatException();
            }
            return Math.max(1, Math.round(mib * (1 << 20)));
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a positive number of MiB such as 64 or 0.5, or none, got '"
                    + value + "'");
        }
    }

    private static Duration seconds(String flag, String value) {
        try {
            double seconds = Double.parseDouble(value.trim());
            if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                throw new NumberFormatException();
            }
            return Duration.ofNanos(Math.round(seconds * 1e9));
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a number of seconds such as 0.05 or 30, got '" + value + "'");
        }
    }

    private static Object json(String value) {
        try {
            return new ObjectMapper().readValue(value, Object.class);
        } catch (JsonProcessingException e) {
            throw new UsageException("--model-metadata needs JSON such as '{\"name\": \"square\"}', got '" + value
                    + "': " + e.getOriginalMessage());
        }
    }

    // TLS. Kept apart from apply() and its imports, so that this concern changes nothing there.
    private static final String CERT = "--ssl-certfile";
    private static final String KEY = "--ssl-keyfile";
    private static final String PASSWORD = "--ssl-keyfile-password";
    private static final dev.litserve4j.internal.config.TlsConfig.Names TLS_NAMES =
            new dev.litserve4j.internal.config.TlsConfig.Names(CERT, KEY, PASSWORD);

    /**
     * Gives the builder the TLS files the flags name, after {@link #apply} has checked the command line.
     *
     * @throws UsageException for a certificate without its key or a key without its certificate
     */
    static void applyTls(List<String> args, LitServerBuilder builder) {
        dev.litserve4j.internal.config.TlsConfig files = tlsFiles(args);
        if (files != null) {
            builder.tls(files.certFile(), files.keyFile(), files.keyPassword());
        }
    }

    /**
     * Reads the TLS files the flags name and checks them as the server will at start (serve calls this;
     * dockerize and kubernetes do not, since the files are the container's).
     *
     * @throws UsageException naming the flag whose file cannot be read, holds no certificate or key, or
     *     holds a key that is not the certificate's
     */
    static void checkTlsFiles(List<String> args) {
        dev.litserve4j.internal.config.TlsConfig files = tlsFiles(args);
        if (files != null) {
            try {
                dev.litserve4j.internal.http.TlsContexts.server(files, TLS_NAMES);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
    }

    private static dev.litserve4j.internal.config.TlsConfig tlsFiles(List<String> args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            for (String name : List.of(CERT, KEY, PASSWORD)) {
                if (arg.equals(name) && i + 1 < args.size()) {
                    given.put(name, args.get(i + 1)); // apply() made sure that a value follows
                } else if (arg.startsWith(name + "=")) {
                    given.put(name, arg.substring(name.length() + 1));
                }
            }
        }
        if (given.isEmpty()) {
            return null;
        }
        if (!given.containsKey(CERT) || !given.containsKey(KEY)) {
            throw new UsageException(CERT + " and " + KEY + " go together: give both, the PEM certificate and its"
                    + " private key" + (given.containsKey(PASSWORD) ? " (" + PASSWORD + " is the key's password)" : ""));
        }
        return dev.litserve4j.internal.config.TlsConfig.of(java.nio.file.Path.of(given.get(CERT)),
                java.nio.file.Path.of(given.get(KEY)), given.get(PASSWORD), TLS_NAMES);
    }
}
