package dev.litserve4j.internal.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * The one owner of a connection's {@code autoRead}: reading is on exactly when nothing holds it off.
 * Each reason to stop reading is a hold of its own, so one handler that is done waiting cannot turn
 * reading back on while another still needs it off. Installed first in the pipeline, it also drops
 * the reads that handlers ask for themselves while a hold is on (an aggregator halfway through a body
 * asks for more even when autoRead is off); when the last hold goes, autoRead reads again. Event loop
 * only.
 */
final class ReadSwitch extends ChannelOutboundHandlerAdapter {

    /** Why a connection is not read. */
    enum Hold {
        /** the client has pipelined more requests than the connection may hold (RequestHandler) */
        BACKLOG,
        /** a deadline passed and only the 408 is left to send (ConnectionTimeouts) */
        TIMED_OUT,
        /** the server's budget of body bytes a second is spent; read again when it has refilled */
        PACED
    }

    private static final AttributeKey<ReadSwitch> KEY = AttributeKey.valueOf(ReadSwitch.class, "readSwitch");

    private final Channel channel;
    private int holds; // a bit per Hold

    private ReadSwitch(Channel channel) {
        this.channel = channel;
    }

    /** Makes the connection's switch and puts it first in its pipeline, so every read passes it. */
    static ReadSwitch install(Channel channel) {
        ReadSwitch made = new ReadSwitch(channel);
        channel.attr(KEY).set(made);
        channel.pipeline().addFirst("reads", made);
        return made;
    }

    /** The connection's switch, made on first use (then it only sets autoRead). */
    static ReadSwitch of(Channel channel) {
        ReadSwitch existing = channel.attr(KEY).get();
        if (existing != null) {
            return existing;
        }
        ReadSwitch made = new ReadSwitch(channel);
        ReadSwitch raced = channel.attr(KEY).setIfAbsent(made);
        return raced == null ? made : raced;
    }

    void hold(Hold hold) {
        holds |= 1 << hold.ordinal();
        apply();
    }

    void release(Hold hold) {
        holds &= ~(1 << hold.ordinal());
        apply();
    }

    boolean isHeld(Hold hold) {
        return (holds & (1 << hold.ordinal())) != 0;
    }

    /**
     * Lingering before a close: the client's leftover bytes are read and dropped so the kernel does
     * not reset the answer away; only pacing still holds reading back.
     */
    void releaseForLinger() {
        holds &= 1 << Hold.PACED.ordinal();
        apply();
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (holds == 0) {
            ctx.read();
        }
    }

    private void apply() {
        boolean read = holds == 0;
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }
}
