package dev.litserve4j.internal.http;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * The one owner of a connection's {@code autoRead}: reading is on exactly when nothing holds it off.
 * Each reason to stop reading is a hold of its own, so one handler that is done waiting cannot turn
 * reading back on while another still needs it off. Event loop only.
 */
final class ReadSwitch {

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

    /** The connection's switch, made on first use. */
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

    private void apply() {
        boolean read = holds == 0;
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }
}
