package dev.litserve4j.internal.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The Netty listeners (the public one, and a management one when asked): bind, close, stop. */
public final class HttpServer {

    /**
     * One read of at most 8 KiB per connection each time round the event loop, instead of Netty's
     * sixteen of up to 64 KiB: a client that streams a large body as fast as the socket allows then
     * gets about the share of the loop that each small request beside it gets, not a hundred times
     * more, so a few fast uploads cannot starve the loop's other connections. An idle loop comes round
     * again at once, so an upload alone still goes at gigabytes a second.
     */
    private static final RecvByteBufAllocator FAIR_READS =
            new AdaptiveRecvByteBufAllocator(64, 2048, 8192).maxMessagesPerRead(1);

    private final EventLoopGroup acceptor;
    private final EventLoopGroup io;
    /** How long closing the listeners waits for the connections they took last to be set up. */
    private static final long TAKEN_SETUP_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final List<DrainingServerSocketChannel> closedAtDrain = new CopyOnWriteArrayList<>();
    private final ConnectionWatchdog.Registry watchdogs = new ConnectionWatchdog.Registry(System::nanoTime);

    public HttpServer() {
        this.acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("litserve4j-accept"),
                NioIoHandler.newFactory());
        this.io = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                new DefaultThreadFactory("litserve4j-io"), NioIoHandler.newFactory());
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) and returns the bound address.
     *
     * @param closesAtDrain whether {@link #closeListeners()} closes it; otherwise it is open until
     *     {@link #shutdown}
     * @param tls the TLS context of HTTPS (HTTP/2 and HTTP/1.1), or null for cleartext HTTP/1.1
     */
    public InetSocketAddress bind(String host, int port, boolean closesAtDrain, Routing routing, SslContext tls)
            throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, io)
                .channelFactory((ChannelFactory<ServerChannel>) DrainingServerSocketChannel::new)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, FAIR_READS)
                .childHandler(new ServerInitializer(routing, watchdogs, tls));
        Channel listener = bootstrap.bind(host, port).sync().channel();
        if (closesAtDrain) {
            closedAtDrain.add((DrainingServerSocketChannel) listener);
        }
        return (InetSocketAddress) listener.localAddress();
    }

    /**
     * Closes the listening sockets bound to close at a drain: new connections are refused there from
     * here on. The connections the kernel had already completed are accepted first, not reset, and are
     * counted as open connections when this returns (a drain then waits for their request).
     */
    public void closeListeners() throws InterruptedException {
        for (DrainingServerSocketChannel listener : closedAtDrain) {
            List<Channel> taken;
            try {
                taken = listener.closeAfterAccepting().get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("closing the listener failed", e.getCause());
            }
            DrainingServerSocketChannel.awaitInitialised(taken, TAKEN_SETUP_NANOS);
        }
    }

    /** Stops the event loops (closing every connection) and waits for their threads to end. */
    public void shutdown(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        // A stopping loop closes its channels before it runs the tasks still queued, so the answers
        // handed to it last (the 503s of the deadline) are written first: one empty task per loop.
        for (io.netty.util.concurrent.EventExecutor loop : io) {
            loop.submit(() -> { }).await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        Future<?> a = acceptor.shutdownGracefully(0, timeout, unit);
        Future<?> b = io.shutdownGracefully(0, timeout, unit);
        a.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        b.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
