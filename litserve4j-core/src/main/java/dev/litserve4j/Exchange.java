package dev.litserve4j;

import java.net.SocketAddress;

/** One HTTP request and its response headers, as seen by a {@link Middleware}. */
public interface Exchange {

    /** The request method, e.g. {@code POST}. */
    String method();

    /** The decoded path, without the query string. */
    String path();

    /** The request target as sent, with the query string. */
    String uri();

    /** A request header by name (case-insensitive), or null. */
    String header(String name);

    /** The client's address. */
    SocketAddress remoteAddress();

    /** Sets a header on the response to this request (replacing one of the same name). */
    void setResponseHeader(String name, String value);
}
