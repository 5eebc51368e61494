package dev.litserve4j.internal.http;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Checks the connections of one event loop against their deadlines every {@link #TICK_MILLIS} ms.
 * One sweep per loop instead of a timer per connection: connections change phase on every request,
 * and rescheduling a timer each time would cost more than the request. A deadline is acted on at
 * most one tick late. Event-loop confined, except the {@link Registry}.
 */
final class ConnectionWatchdog {

    static final long TICK_MILLIS = 250;

    /** The watchdog of each event loop, started on first use. */
    static final class Registry {
        private final Map<EventLoop, ConnectionWatchdog> perLoop = new ConcurrentHashMap<>();
        private final LongSupplier nanoTime;

        Registry(LongSupplier nanoTime) {
            this.nanoTime = nanoTime;
        }

        ConnectionWatchdog on(EventLoop loop) {
            return perLoop.computeIfAbsent(loop, l -> new ConnectionWatchdog(l, nanoTime));
        }
    }

    private final Map<ConnectionTimeouts, Channel> watched = new IdentityHashMap<>();
    private final LongSupplier nanoTime;

    private ConnectionWatchdog(EventLoop loop, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        loop.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void add(ConnectionTimeouts timeouts, Channel channel) {
        watched.put(timeouts, channel);
    }

    void remove(ConnectionTimeouts timeouts) {
        watched.remove(timeouts);
    }

    int size() {
        return watched.size();
    }

    /** Checks every connection now; closing ones leave the map later, from their channelInactive. */
    void tick() {
        long now = nanoTime.getAsLong();
        List<Map.Entry<ConnectionTimeouts, Channel>> snapshot = new ArrayList<>(watched.entrySet());
        for (Map.Entry<ConnectionTimeouts, Channel> entry : snapshot) {
            Channel channel = entry.getValue();
            RequestHandler handler = channel.pipeline().get(RequestHandler.class);
            RequestGate gate = channel.pipeline().get(RequestGate.class);
            boolean paused = !channel.config().isAutoRead() || (gate != null && gate.continueOwed());
            entry.getKey().check(now, handler == null || handler.isIdle(), paused);
        }
    }
}
