package dev.litserve4j.benchmarks.hostile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * The attackers of {@code benchmarks/run.sh hostile}, all in one process: slowloris connections and
 * endless chunked bodies against the SquareApi server, stalled readers (and one well-behaved probe)
 * against the streaming server. Each kind counts its own connections and how they ended; the table
 * is rewritten to the report file every second, so the script can take it at the moment its load
 * ends, and once more when the process is stopped. One platform thread per connection: blocking
 * sockets keep each attacker a few lines, and nearly all of them sleep.
 *
 * <pre>java ... HostileClients SQUARE_PORT STREAM_PORT REPORT_FILE MAX_SECONDS</pre>
 *
 * Environment: SLOWLORIS (1000), FAST_BODIES (10), SLOW_BODIES (10), STALLED_READERS (20),
 * TRICKLE_SECONDS (3), HOLD_SECONDS (40, longer than the stall timeout), RAMP_SECONDS (10, over
 * which the connections are opened).
 */
public final class HostileClients {

    private static volatile boolean running = true;

    private HostileClients() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress square = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
        InetSocketAddress stream = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]));
        Path report = Path.of(args[2]);
        long maxSeconds = Long.parseLong(args[3]);
        int slowloris = env("SLOWLORIS", 1000);
        int fastBodies = env("FAST_BODIES", 10);
        int slowBodies = env("SLOW_BODIES", 10);
        int stalledReaders = env("STALLED_READERS", 20);
        long trickleMillis = env("TRICKLE_SECONDS", 3) * 1000L;
        long holdMillis = env("HOLD_SECONDS", 40) * 1000L;
        long rampMillis = env("RAMP_SECONDS", 10) * 1000L;
        BooleanSupplier on = () -> running;

        AttackStats loris = new AttackStats("slowloris: half a head, a byte every " + trickleMillis / 1000 + " s",
                slowloris);
        AttackStats fast = new AttackStats("endless chunked body, as fast as read", fastBodies);
        AttackStats slow = new AttackStats("endless chunked body, a byte every " + trickleMillis / 1000 + " s",
                slowBodies);
        AttackStats stalled = new AttackStats("stream reader that stops reading (4 KiB buffer, holds "
                + holdMillis / 1000 + " s)", stalledReaders);
        LongAdder fastBytes = new LongAdder();
        StreamProbe probe = new StreamProbe(stream, on);

        List<Runnable> attackers = new ArrayList<>();
        for (int i = 0; i < slowloris; i++) {
            attackers.add(new Slowloris(square, trickleMillis, loris, on));
        }
        for (int i = 0; i < fastBodies; i++) {
            attackers.add(new EndlessBody(square, 0, fast, fastBytes, on));
        }
        for (int i = 0; i < slowBodies; i++) {
            attackers.add(new EndlessBody(square, trickleMillis, slow, new LongAdder(), on));
        }
        for (int i = 0; i < stalledReaders; i++) {
            attackers.add(new StalledReader(stream, holdMillis, stalled, on));
        }
        attackers.add(probe);

        List<AttackStats> all = List.of(loris, fast, slow, stalled);
        Runnable write = () -> write(report, table(all, fast, fastBytes, probe));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running = false;
            write.run(); // before closing anything: the state at the moment of the stop
            all.forEach(AttackStats::closeAll);
        }));

        // Spread the starts over the ramp, so that the server's timeouts do not fire in waves.
        long pause = attackers.isEmpty() ? 0 : rampMillis / attackers.size();
        for (int i = 0; i < attackers.size(); i++) {
            Thread thread = new Thread(null, attackers.get(i), "attacker-" + i, 256 * 1024);
            thread.setDaemon(true);
            thread.start();
            Pause.millis(pause);
        }
        long end = System.nanoTime() + maxSeconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            write.run();
            Pause.millis(1_000);
        }
        System.exit(0); // the time bound: runs the hook
    }

    private static String table(List<AttackStats> all, AttackStats fast, LongAdder fastBytes, StreamProbe probe) {
        StringBuilder out = new StringBuilder(AttackStats.header()).append('\n');
        for (AttackStats stats : all) {
            out.append(stats.row()).append('\n');
        }
        long connects = Math.max(1, fast.connects());
        out.append(String.format(Locale.ROOT, "%nFast bodies sent %.1f MiB per connection on average. "
                + "A well-behaved stream client (10 chunks every 2 s) beside the stalled readers: %s.%n",
                fastBytes.sum() / (double) connects / (1 << 20), probe.summary()));
        return out.toString();
    }

    private static synchronized void write(Path report, String text) {
        try {
            Path tmp = report.resolveSibling(report.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, report, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("cannot write " + report + ": " + e);
        }
    }

    private static int env(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
