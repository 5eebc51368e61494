package dev.litserve4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing a listener with connections the kernel completed but the server has not accepted yet. The
 * listener never accepts on its own here (auto-read off), so the queued connections are known
 * exactly; each has sent its request, as a balancer's connection does the moment it is open.
 */
class DrainingServerSocketChannelTest {

    private static final int QUEUED = 8;
    private static final byte[] ANSWER = "answer\n".getBytes(StandardCharsets.US_ASCII);

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Socket> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void closingAcceptsTheQueuedConnectionsSoTheyAreAnsweredNotReset() throws Exception {
        DrainingServerSocketChannel listener = (DrainingServerSocketChannel) bind();
        InetSocketAddress address = (InetSocketAddress) listener.localAddress();
        queueRequests(address);

        List<Channel> taken = listener.closeAfterAccepting().get(5, TimeUnit.SECONDS);
        DrainingServerSocketChannel.awaitInitialised(taken, TimeUnit.SECONDS.toNanos(5));

        assertThat(taken).hasSize(QUEUED);
        assertThat(listener.isOpen()).isFalse();
        for (Socket client : clients) {
            assertThat(readAll(client)).isEqualTo(ANSWER);
        }
        assertRefused(address);
    }

    @Test
    void aPlainCloseResetsThem() throws Exception {
        Channel listener = bind();
        queueRequests((InetSocketAddress) listener.localAddress());

        listener.close().sync();

        for (Socket client : clients) {
            assertThat(readOrReset(client)).isNotEqualTo(ANSWER);
        }
    }

    private Channel bind() throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channelFactory((ChannelFactory<ServerChannel>) DrainingServerSocketChannel::new)
                .option(ChannelOption.AUTO_READ, false)
                .childHandler(new Answer())
                .bind("127.0.0.1", 0).sync().channel();
    }

    /** Answers the first bytes a connection sends, and closes it. */
    @ChannelHandler.Sharable
    private static final class Answer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(ANSWER)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Connects and sends a request on each: the kernel completes the handshakes and queues them. */
    private void queueRequests(InetSocketAddress address) throws IOException {
        for (int i = 0; i < QUEUED; i++) {
            Socket client = new Socket();
            clients.add(client);
            client.connect(address, 5_000);
            client.setSoTimeout(5_000);
            client.getOutputStream().write("request\n".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
        }
    }

    private static byte[] readAll(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        return in.readAllBytes();
    }

    private static byte[] readOrReset(Socket client) {
        try {
            return readAll(client);
        } catch (IOException reset) {
            return new byte[0];
        }
    }

    private static void assertRefused(InetSocketAddress address) {
        try (Socket late = new Socket()) {
            late.connect(address, 5_000);
            throw new AssertionError("the closed listener still accepted a connection");
        } catch (ConnectException refused) {
            // as expected: nothing listens there any more
        } catch (IOException other) {
            throw new AssertionError("expected a refused connection, got " + other, other);
        }
    }
}
