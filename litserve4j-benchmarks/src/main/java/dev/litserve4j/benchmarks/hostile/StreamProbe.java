package dev.litserve4j.benchmarks.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * A well-behaved client of the streaming server, next to the stalled readers: every two seconds a
 * stream of 10 chunks, read to its end. Shows what stalled readers cost the stream's real users.
 */
final class StreamProbe implements Runnable {

    private static final byte[] BODY = "{\"n\": 10, \"delay_ms\": 0}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUEST = ("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Connection: close\r\nContent-Length: " + BODY.length + "\r\n\r\n" + new String(BODY, StandardCharsets.US_ASCII))
            .getBytes(StandardCharsets.US_ASCII);
    private static final int TIMEOUT_MILLIS = 10_000;

    private final InetSocketAddress server;
    private final BooleanSupplier running;
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private long maxMillis;

    StreamProbe(InetSocketAddress server, BooleanSupplier running) {
        this.server = server;
        this.running = running;
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            long start = System.nanoTime();
            String outcome = probe();
            long millis = (System.nanoTime() - start) / 1_000_000;
            synchronized (this) {
                outcomes.merge(outcome, 1, Integer::sum);
                maxMillis = Math.max(maxMillis, millis);
            }
            Pause.until(2_000, running);
        }
    }

    private String probe() {
        try (Socket socket = new Socket()) {
            socket.connect(server, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(REQUEST);
            InputStream in = socket.getInputStream();
            byte[] all = in.readAllBytes(); // Connection: close, so the end of stream ends the answer
            String text = new String(all, StandardCharsets.ISO_8859_1);
            String status = AttackStats.status(text);
            return status.equals("200") && !text.contains("{\"output\":9}") ? "200 but incomplete" : status;
        } catch (SocketTimeoutException e) {
            return "nothing for " + TIMEOUT_MILLIS / 1000 + " s";
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        }
    }

    synchronized String summary() {
        return String.format(Locale.ROOT, "%s, slowest %d ms", outcomes.toString().replaceAll("[{}]", ""), maxMillis);
    }
}
