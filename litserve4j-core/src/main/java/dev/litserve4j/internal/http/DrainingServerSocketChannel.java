package dev.litserve4j.internal.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket that, when it closes, first takes every connection the kernel has already
 * completed.
 *
 * <p>The kernel finishes a client's handshake on its own and queues the connection until the server
 * accepts it; to the client, the connection is open and it sends its request at once. Closing a
 * listening socket resets every connection still in that queue, so a balancer that had just picked
 * this replica sees its request, already sent, answered by a reset: one it cannot retry safely when
 * the request is a POST. Accepting what is queued and closing in one event-loop task leaves a window
 * of microseconds instead of the time since the loop last looked; the connections taken are served
 * like any other accepted during a drain (their request answered, then closed).
 */
final class DrainingServerSocketChannel extends NioServerSocketChannel {

    private static final Logger log = LoggerFactory.getLogger(DrainingServerSocketChannel.class);

    /**
     * Accepts the queued connections and closes, on this channel's event loop; completes when it is
     * closed, with the connections it took then.
     */
    CompletableFuture<List<Channel>> closeAfterAccepting() {
        CompletableFuture<List<Channel>> done = new CompletableFuture<>();
        eventLoop().execute(() -> {
            Object address = localAddress();
            List<Channel> taken = acceptQueued();
            close().addListener(f -> {
                log.debug("listener {} closed, after taking {} queued connection(s)", address, taken.size());
                done.complete(taken);
            });
        });
        return done;
    }

    /** Runs on the event loop: hands each queued connection to the pipeline, as a read of the socket does. */
    private List<Channel> acceptQueued() {
        List<Object> accepted = new ArrayList<>();
        try {
            while (isOpen() && doReadMessages(accepted) > 0) {
                // one connection per call, until the queue is empty
            }
        } catch (Exception e) {
            log.debug("accepting the queued connections before the listener closes failed", e);
        }
        List<Channel> taken = new ArrayList<>(accepted.size());
        ChannelPipeline pipeline = pipeline();
        for (Object connection : accepted) {
            taken.add((Channel) connection);
            pipeline.fireChannelRead(connection);
        }
        if (!accepted.isEmpty()) {
            pipeline.fireChannelReadComplete();
        }
        return taken;
    }

    /**
     * Waits, at most {@code timeoutNanos}, until each connection is registered with its event loop and
     * initialised (counted as open, its handlers in place): a task queued on its loop runs after that.
     */
    static void awaitInitialised(List<Channel> connections, long timeoutNanos)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        for (Channel connection : connections) {
            if (!connection.isOpen()) {
                continue;
            }
            Future<?> queued = connection.eventLoop().submit(() -> { });
            queued.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }
}
