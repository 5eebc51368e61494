package dev.litserve4j.internal.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per finished request, through SLF4J's logger {@code litserve4j.access}, so users route
 * it with their logging configuration. The event loops only queue an entry; one thread formats and
 * writes them, so a slow log sink never stalls the network. When that thread falls behind by more
 * than {@link #CAPACITY} lines, entries are dropped and the count is written instead.
 */
public final class AccessLog implements AutoCloseable {

    static final int CAPACITY = 8192;
    private static final Logger log = LoggerFactory.getLogger("litserve4j.access");
    private static final AccessLog OFF = new AccessLog();

    /** A finished request, as the access log writes it. */
    record Entry(long epochMillis, SocketAddress client, String method, String path, int status, long bytes,
            long nanos, String requestId) {

        String line() {
            String address = client instanceof InetSocketAddress
                    ? ((InetSocketAddress) client).getAddress().getHostAddress() + ":" + ((InetSocketAddress) client).getPort()
                    : String.valueOf(client);
            return Instant.ofEpochMilli(epochMillis) + " " + address + " \"" + method + " " + escape(path) + "\" " + status
                    + " " + bytes + " " + String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6) + "ms "
                    + requestId;
        }
    }

    /** A path as one token of a line: control characters, quotes and backslashes escaped (no forged lines). */
    static String escape(String path) {
        StringBuilder out = null;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean plain = c >= 0x20 && c != 0x7f && c != '"' && c != '\\';
            if (!plain && out == null) {
                out = new StringBuilder(path.length() + 8).append(path, 0, i);
            }
            if (out != null) {
                if (plain) {
                    out.append(c);
                } else {
                    out.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
                }
            }
        }
        return out == null ? path : out.toString();
    }

    private final BlockingQueue<Entry> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    private AccessLog() {
        this.queue = null;
        this.writer = null;
    }

    private AccessLog(String name) {
        this.queue = new ArrayBlockingQueue<>(CAPACITY);
        this.writer = new Thread(this::writeLines, name);
        writer.setDaemon(true);
        writer.start();
    }

    /** The log that writes nothing. */
    public static AccessLog off() {
        return OFF;
    }

    /** A log that writes from its own thread, started now. */
    public static AccessLog start() {
        return new AccessLog("litserve4j-access-log");
    }

    boolean enabled() {
        return queue != null;
    }

    /** Any thread, never blocks: queues the line of a finished request. */
    void record(Entry entry) {
        if (queue != null && !queue.offer(entry)) {
            dropped.incrementAndGet();
        }
    }

    private void writeLines() {
        try {
            while (!closed || !queue.isEmpty()) {
                Entry entry = queue.poll(100, TimeUnit.MILLISECONDS);
                if (entry != null) {
                    log.info(entry.line());
                }
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    log.warn("{} access log line(s) dropped: the log could not keep up", lost);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued, waiting at most a second, and stops the writer. */
    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        closed = true;
        try {
            writer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            log.warn("{} access log line(s) not written: the log did not take them within a second of the stop",
                    queue.size());
        }
    }
}
