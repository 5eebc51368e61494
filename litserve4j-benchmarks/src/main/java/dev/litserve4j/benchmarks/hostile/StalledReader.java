package dev.litserve4j.benchmarks.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * One client that asks for an endless stream (CountingStreamApi, a billion chunks, no delay) with a
 * tiny receive buffer, reads the first bytes and then stops reading. A client that does not read
 * cannot see the server's end of stream, which waits behind the unread data; so after holding
 * {@code holdMillis} (longer than the server's stall timeout) it drains what is left: an end of
 * stream means the server cut the stream, data still flowing means it did not. Then it starts over.
 */
final class StalledReader implements Runnable {

    private static final byte[] BODY = "{\"n\": 1000000000, \"delay_ms\": 0}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEAD = ("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + BODY.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final int RECEIVE_BUFFER = 4096;
    private static final long DRAIN_MILLIS = 5_000;

    private final InetSocketAddress server;
    private final long holdMillis;
    private final AttackStats stats;
    private final BooleanSupplier running;

    StalledReader(InetSocketAddress server, long holdMillis, AttackStats stats, BooleanSupplier running) {
        this.server = server;
        this.holdMillis = holdMillis;
        this.stats = stats;
        this.running = running;
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            Socket socket = new Socket();
            try {
                socket.setReceiveBufferSize(RECEIVE_BUFFER); // before connect, so that the window is small
                socket.connect(server, 5_000);
            } catch (IOException e) {
                stats.refused();
                Slowloris.close(socket);
                Pause.millis(100);
                continue;
            }
            stats.connected(socket);
            String ending = null;
            try {
                OutputStream out = socket.getOutputStream();
                out.write(HEAD);
                out.write(BODY);
                InputStream in = socket.getInputStream();
                // A request queued behind busy workers gets its first byte (or its 504) late.
                socket.setSoTimeout((int) (holdMillis + 10_000));
                String first = AttackStats.readEnding(in);
                if (!first.equals("200")) {
                    ending = first; // answered (or closed) before any stream began
                } else {
                    Pause.until(holdMillis, running);
                    ending = running.getAsBoolean() ? drain(socket, in) : null;
                }
            } catch (IOException e) {
                ending = "reset";
            } finally {
                stats.ended(socket, ending == null ? AttackStats.KEPT : ending);
                Slowloris.close(socket);
            }
        }
    }

    /** Reads what the server left behind: "cut" at its end of stream, {@link AttackStats#KEPT} if it still streams. */
    private static String drain(Socket socket, InputStream in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        socket.setSoTimeout(2_000);
        long end = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
        try {
            while (System.nanoTime() < end) {
                if (in.read(buf) < 0) {
                    return "cut";
                }
            }
        } catch (SocketTimeoutException quiet) {
            return "silent"; // neither streaming nor closed
        }
        return AttackStats.KEPT;
    }
}
