package dev.litserve4j.examples;

import dev.litserve4j.LitServer;
import java.nio.file.Path;

/** SquareApi over HTTPS: HTTP/2 to the clients that ask for it by ALPN, HTTP/1.1 to the others. */
public final class HttpsServer {

    private HttpsServer() {
    }

    public static LitServer start(Path certFile, Path keyFile, String host, int port) {
        return LitServer.builder()
                .api(new SquareApi())
                .host(host)
                .port(port)
                .tls(certFile, keyFile) // PEM files, read at start: a wrong one stops start() naming it
                .build()
                .start();
    }

    public static void main(String[] args) { // HttpsServer cert.pem key.pem
        start(Path.of(args[0]), Path.of(args[1]), "0.0.0.0", 8443).run();
    }
}
