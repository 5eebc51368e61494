package dev.litserve4j.internal.http;

import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's open connections: how many there are against the cap, and which to close when a
 * shutdown begins (the idle ones at once, busy ones after their answer with {@code Connection: close}).
 */
public final class Connections {

    private final Set<Channel> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final LongAdder refused = new LongAdder();
    private final int max;
    private volatile boolean draining;
    private volatile boolean retiring;
    private volatile boolean keepsIdle;
    private volatile boolean graceOver;

    public Connections(int max) {
        this.max = max;
    }

    /**
     * Counts a new connection; false when that would pass the cap (the connection is then refused and
     * not counted).
     */
    boolean register(Channel channel) {
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            refused.increment();
            return false;
        }
        open.add(channel);
        channel.closeFuture().addListener(f -> {
            open.remove(channel);
            count.decrementAndGet();
        });
        if (draining) {
            // Accepted just before the listener closed: serve what it sends, then close.
            closeIfIdle(channel, false);
        }
        return true;
    }

    /** Open connections now. */
    public int count() {
        return count.get();
    }

    /** Connections refused so far because the cap was reached. */
    public long refusedCount() {
        return refused.sum();
    }

    int max() {
        return max;
    }

    /** True once the server stopped taking connections: every answer then closes its connection. */
    public boolean isDraining() {
        return draining;
    }

    /**
     * True once every answer should close its connection ({@code Connection: close}): from the start of
     * a stop's drain delay, while the server still accepts and serves.
     */
    public boolean closesAfterAnswers() {
        return retiring || draining;
    }

    /**
     * Starts retiring connections, at the start of a drain delay: each connection closes after its
     * next answer, so that a client that keeps connections open (a balancer's pool of them) takes each
     * one out of use cleanly, with a whole answer, and connects anew, to another replica once it has
     * seen the readiness probe fail. The drain later closes only connections idle all through the
     * delay, where a request sent at the moment of the close is lost to the race every keep-alive
     * close has.
     */
    public void retire() {
        retiring = true;
        // HTTP/2 has no Connection: close; its way to say it is a GOAWAY and a close, at the first
        // moment without a stream: the client opens a new connection for its next request.
        for (Channel channel : open) {
            channel.eventLoop().execute(() -> {
                Http2Lifecycle h2 = channel.pipeline().get(Http2Lifecycle.class);
                if (h2 != null) {
                    h2.closeWhenIdle();
                }
            });
        }
    }

    /**
     * Starts draining: busy connections close after their current answers. A connection that has not
     * sent a request yet stays open for it (a balancer that has not noticed the stop opens one and
     * writes at once; closing it would lose that request) until its request is answered or
     * {@link #closeSilent()}. Connections idle after an answer close now, unless a drain delay came
     * first ({@link #retire()}): those were left unused in a balancer's pool all through the delay,
     * and the balancer, which has not noticed the stop when it checks no readiness, may take one for
     * its next request at the moment it is closed, a POST it will not retry. They stay open until
     * {@link #closeSilent()} too, and each request that comes on one is served and closes it.
     */
    public void drain() {
        keepsIdle = retiring;
        draining = true;
        if (keepsIdle) {
            return;
        }
        for (Channel channel : open) {
            closeIfIdle(channel, false);
        }
    }

    /**
     * Open connections the drain keeps for a request that may still come on them: every open one after
     * a drain delay, else those that have not sent a request yet; any thread.
     */
    public int awaitingRequests() {
        return keepsIdle ? count() : silent();
    }

    /**
     * True when a connection that has just become idle after an answer should close now: the drain has
     * begun, and either no drain delay came first or the grace for idle connections is over. Before
     * that, an answer whose head promised keep-alive (a stream begun before the stop) leaves its
     * connection open: the client may reuse it at once, and closing it under that request would lose it.
     */
    boolean closesIdle() {
        return draining && (!keepsIdle || graceOver);
    }

    /** Open connections that have not sent a request yet; any thread. */
    public int silent() {
        int silent = 0;
        for (Channel channel : open) {
            RequestHandler handler = channel.pipeline().get(RequestHandler.class);
            Http2Lifecycle h2 = handler == null ? channel.pipeline().get(Http2Lifecycle.class) : null;
            if (handler != null ? !handler.hasSpoken() : h2 != null ? !h2.hasSpoken() : negotiating(channel)) {
                silent++;
            }
        }
        return silent;
    }

    /**
     * At the end of a drain's grace for them: closes the idle connections, those that never sent a
     * request among them.
     */
    public void closeSilent() {
        graceOver = true;
        for (Channel channel : open) {
            closeIfIdle(channel, true);
        }
    }

    private static void closeIfIdle(Channel channel, boolean evenSilent) {
        channel.eventLoop().execute(() -> {
            Http2Lifecycle h2 = channel.pipeline().get(Http2Lifecycle.class);
            if (h2 != null) {
                if (evenSilent || h2.hasSpoken()) {
                    h2.closeWhenIdle(); // a GOAWAY and the close, once its streams are done
                }
                return;
            }
            RequestHandler handler = channel.pipeline().get(RequestHandler.class);
            if (handler == null ? evenSilent || !negotiating(channel)
                    : handler.isIdle() && (evenSilent || handler.hasSpoken())) {
                channel.close();
            }
        });
    }

    /** A TLS connection still in its handshake: it has not been able to send a request yet. */
    private static boolean negotiating(Channel channel) {
        return channel.pipeline().get(ProtocolNegotiation.class) != null;
    }
}
