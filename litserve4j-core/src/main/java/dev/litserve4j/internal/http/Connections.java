package dev.litserve4j.internal.http;

import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's open connections, so that a shutdown can close the idle ones at once and let busy ones
 * finish their request with {@code Connection: close}.
 */
public final class Connections {

    private final Set<Channel> open = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    void register(Channel channel) {
        open.add(channel);
        channel.closeFuture().addListener(f -> open.remove(channel));
        if (draining) {
            // Accepted just before the listener closed: serve what it sends, then close.
            closeIfIdle(channel);
        }
    }

    /** True once the server stopped taking connections: every answer then closes its connection. */
    public boolean isDraining() {
        return draining;
    }

    /** Starts draining: idle connections close now, busy ones after their current answers. */
    public void drain() {
        draining = true;
        for (Channel channel : open) {
            closeIfIdle(channel);
        }
    }

    private static void closeIfIdle(Channel channel) {
        channel.eventLoop().execute(() -> {
            RequestHandler handler = channel.pipeline().get(RequestHandler.class);
            if (handler == null || handler.isIdle()) {
                channel.close();
            }
        });
    }
}
