package dev.litserve4j.benchmarks.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * One client that sends a chunked body to /predict that never ends: a fast one writes 64 KiB chunks
 * as quickly as the server takes them (it should get 413 at the 16 MiB body limit), a slow one
 * writes a one-byte chunk every few seconds (never stalling for the body idle timeout, it never
 * reaches the limit either). When the server answers or closes, it connects again.
 */
final class EndlessBody implements Runnable {

    private static final byte[] HEAD = ("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BIG_CHUNK = chunk(64 * 1024);
    private static final byte[] SMALL_CHUNK = chunk(1);

    private final InetSocketAddress server;
    private final long pauseMillis; // 0: as fast as the server reads
    private final AttackStats stats;
    private final LongAdder bytesSent;
    private final BooleanSupplier running;

    EndlessBody(InetSocketAddress server, long pauseMillis, AttackStats stats, LongAdder bytesSent,
            BooleanSupplier running) {
        this.server = server;
        this.pauseMillis = pauseMillis;
        this.stats = stats;
        this.bytesSent = bytesSent;
        this.running = running;
    }

    @Override
    public void run() {
        byte[] chunk = pauseMillis == 0 ? BIG_CHUNK : SMALL_CHUNK;
        while (running.getAsBoolean()) {
            Socket socket = new Socket();
            try {
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
                InputStream in = socket.getInputStream();
                socket.setSoTimeout(2_000);
                out.write(HEAD);
                while (ending == null && running.getAsBoolean()) {
                    if (in.available() > 0) {
                        ending = AttackStats.readEnding(in); // an answer came (413, 408, ...)
                        break;
                    }
                    out.write(chunk);
                    bytesSent.add(chunk.length);
                    if (pauseMillis > 0) {
                        Pause.millis(pauseMillis);
                    }
                }
            } catch (IOException e) {
                ending = afterReset(socket);
            } finally {
                stats.ended(socket, ending == null ? AttackStats.KEPT : ending);
                Slowloris.close(socket);
            }
        }
    }

    /** A write failed: the server closed; its answer may still be waiting to be read. */
    private static String afterReset(Socket socket) {
        try {
            String seen = AttackStats.readEnding(socket.getInputStream());
            return seen.equals("eof") ? "reset" : seen;
        } catch (IOException e) {
            return "reset";
        }
    }

    private static byte[] chunk(int size) {
        byte[] sizeLine = (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[sizeLine.length + size + 2];
        System.arraycopy(sizeLine, 0, data, 0, sizeLine.length);
        Arrays.fill(data, sizeLine.length, sizeLine.length + size, (byte) ' ');
        data[data.length - 2] = '\r';
        data[data.length - 1] = '\n';
        return data;
    }
}
