package dev.litserve4j.benchmarks.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one kind of attacker saw, counted by the attackers themselves: connections made, how each one
 * ended (an answer's status, the server's end of stream, a reset, or the attacker leaving on its own
 * terms), and how long the oldest connection still open has been open. Thread-safe.
 */
final class AttackStats {

    /** How a connection ended when the attacker itself closed it: the server had not cut it. */
    static final String KEPT = "kept";

    private final String name;
    private final int configured;
    private final LongAdder connects = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final Map<String, LongAdder> endings = new ConcurrentHashMap<>();
    private final Map<Socket, Long> openSince = new ConcurrentHashMap<>();

    AttackStats(String name, int configured) {
        this.name = name;
        this.configured = configured;
    }

    void connected(Socket socket) {
        connects.increment();
        openSince.put(socket, System.nanoTime());
    }

    long connects() {
        return connects.sum();
    }

    void refused() {
        refused.increment();
    }

    /** The connection is over; {@code ending} says how (a status such as "408", "eof", "reset", {@link #KEPT}). */
    void ended(Socket socket, String ending) {
        if (openSince.remove(socket) != null) {
            endings.computeIfAbsent(ending, k -> new LongAdder()).increment();
        }
    }

    /** Closes every connection still open (at the end of the run). */
    void closeAll() {
        for (Socket socket : openSince.keySet()) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** One markdown row: kind, configured clients, open now, connects, cut by the server and how, oldest open. */
    String row() {
        long now = System.nanoTime();
        long oldest = openSince.values().stream().mapToLong(t -> now - t).max().orElse(0);
        Map<String, Long> how = new TreeMap<>();
        long cut = 0;
        for (Map.Entry<String, LongAdder> e : endings.entrySet()) {
            how.put(e.getKey(), e.getValue().sum());
            if (!e.getKey().equals(KEPT)) {
                cut += e.getValue().sum();
            }
        }
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s | %.1f s | %d |", name, configured,
                openSince.size(), connects.sum(), cut, how.isEmpty() ? "-" : how.toString().replaceAll("[{}]", ""),
                oldest / 1e9, refused.sum());
    }

    static String header() {
        return "| attacker | clients | open at end | connections made | ended by the server | how they ended "
                + "| oldest open at end | connects refused |\n|---|---|---|---|---|---|---|---|";
    }

    /**
     * Reads what the server sent first and names it: the status code of an answer, "eof" when it closed
     * without one. Blocks as the socket's timeout allows.
     */
    static String readEnding(InputStream in) throws IOException {
        byte[] buf = new byte[512];
        int n = in.read(buf);
        return n < 0 ? "eof" : status(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
    }

    static String status(String firstBytes) {
        if (firstBytes.startsWith("HTTP/1.1 ") && firstBytes.length() >= 12) {
            return firstBytes.substring(9, 12);
        }
        return "garbage";
    }
}
