package dev.litserve4j.internal.http;

import io.netty.channel.Channel;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose client may still be sending a body we will not read. Closing a socket
 * with unread data makes the kernel reset it, and a reset can destroy the answer before the client
 * reads it; so the server half-closes first (the client sees the end of the answer), keeps reading and
 * dropping for a moment, then closes.
 */
final class Lingering {

    static final long LINGER_MILLIS = 1000;

    private Lingering() {
    }

    /** Event loop: half-close now, close on the client's end of stream or after {@link #LINGER_MILLIS}. */
    static void close(Channel channel) {
        close(channel, LINGER_MILLIS);
    }

    /** Event loop: half-close now, close on the client's end of stream or after {@code millis}. */
    static void close(Channel channel, long millis) {
        if (!channel.isActive()) {
            return;
        }
        ReadSwitch.of(channel).releaseForLinger();
        if (channel instanceof SocketChannel) {
            ((SocketChannel) channel).shutdownOutput();
        }
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, millis, TimeUnit.MILLISECONDS);
    }
}
