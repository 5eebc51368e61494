package dev.litserve4j.internal.http;

import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the server's own warm-up requests from a client's while the warm-up runs. The warm-up client
 * registers the local address of each connection it opens before it sends on it; a TCP connection's
 * addresses are unique, so a request whose peer is a registered address can only be the warm-up's,
 * and no secret has to travel in a header. While {@link #active()}, the API routes refuse everyone
 * else; afterwards the check costs one volatile read per request.
 */
public final class WarmupTraffic {

    private final Set<SocketAddress> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean active;

    /** The API routes serve the warm-up only, from now until {@link #end()}. */
    public void begin() {
        active = true;
    }

    /** The warm-up is over: every request is a client's again. */
    public void end() {
        active = false;
        clients.clear();
    }

    public boolean active() {
        return active;
    }

    /** Registers a warm-up connection by its local address, before its first request. */
    public void register(SocketAddress local) {
        clients.add(local);
    }

    public void unregister(SocketAddress local) {
        clients.remove(local);
    }

    /** True when a request from {@code peer} is the warm-up's own. */
    boolean isOwn(SocketAddress peer) {
        return peer != null && clients.contains(peer);
    }
}
