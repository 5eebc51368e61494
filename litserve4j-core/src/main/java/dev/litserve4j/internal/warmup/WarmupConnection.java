package dev.litserve4j.internal.warmup;

import dev.litserve4j.internal.http.WarmupTraffic;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One keep-alive connection of the warm-up, on a thread of its own: takes a ticket, posts the next
 * sample, reads the answer, until the tickets run out, an answer is not a success, or the warm-up is
 * stopped (which closes the socket under it). Blocking sockets keep the client small: little of its
 * own code competes with the server's for the JIT.
 */
final class WarmupConnection implements Runnable {

    private final InetSocketAddress server;
    private final WarmupTraffic traffic;
    private final List<byte[]> requests;
    private final WarmupRun run;
    private final Set<Socket> open;
    private final int first;
    private final SSLSocketFactory tls;

    /**
     * @param requests whole HTTP requests, sent in turn starting at {@code first}
     * @param open where the connection's socket is kept while open, so that a stop can close it
     * @param tls the sockets of a server that serves TLS, or null
     */
    WarmupConnection(InetSocketAddress server, WarmupTraffic traffic, List<byte[]> requests, WarmupRun run,
            Set<Socket> open, int first, SSLSocketFactory tls) {
        this.tls = tls;
        this.server = server;
        this.traffic = traffic;
        this.requests = requests;
        this.run = run;
        this.open = open;
        this.first = first;
    }

    @Override
    public void run() {
        Socket socket = null;
        try {
            ResponseReader reader = null;
            OutputStream out = null;
            for (int n = first; run.takeTicket(); n++) {
                if (socket == null) {
                    socket = connect();
                    reader = new ResponseReader(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
                    out = socket.getOutputStream();
                }
                out.write(requests.get(n % requests.size()));
                out.flush();
                ResponseReader.Response answer = reader.read();
                if (answer.status() >= 300) {
                    run.failed("a sample request was answered " + answer.status() + " " + answer.excerpt());
                    return;
                }
                run.answered();
                if (answer.closes()) {
                    close(socket);
                    socket = null;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!run.isStopped()) {
                run.failed("the warm-up connection failed: " + e);
            }
        } finally {
            if (socket != null) {
                close(socket);
            }
            run.connectionDone();
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        open.add(socket);
        if (run.isStopped()) { // a stop that closed the open sockets just before this one was added
            close(socket);
            throw new IOException("stopped");
        }
        socket.setTcpNoDelay(true);
        socket.connect(server, 5000);
        traffic.register(socket.getLocalSocketAddress()); // before the first request: see WarmupTraffic
        if (tls == null) {
            return socket;
        }
        SSLSocket secure = (SSLSocket) tls.createSocket(socket, server.getHostString(), server.getPort(), true);
        open.add(secure);
        open.remove(socket); // closing the TLS socket closes the plain one under it
        secure.startHandshake();
        return secure;
    }

    private void close(Socket socket) {
        SocketAddress local = socket.getLocalSocketAddress();
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
        if (local != null) {
            traffic.unregister(local);
        }
        open.remove(socket);
    }
}
