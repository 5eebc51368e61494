package dev.litserve4j.internal.http;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.TimeUnit;

/**
 * One connection's share of the {@link BodyReadBudget}: counts the bytes of the request being read
 * and, past the free part, pays for them in advance in the budget's {@linkplain BodyReadBudget#quantum() quanta}; when the
 * budget says wait, the connection stops reading for that long. Paying per quantum rather than per
 * read keeps a paced connection to a few pauses a second instead of one per 8 KiB read, each of
 * which costs the event loop a timer and a wake-up. The body deadlines do not run while it waits
 * (reading is held off by us, not stalled by the client). Event loop only.
 */
final class BodyPacer {

    private final BodyReadBudget budget;
    private long messageBytes;
    private long paidBytes; // of this message, beyond the free part
    private boolean waiting;

    BodyPacer(BodyReadBudget budget) {
        this.budget = budget;
    }

    /**
     * After a read was decoded.
     *
     * @param bytes the bytes it held
     * @param midMessage whether a request is still partly read after it
     */
    void read(ChannelHandlerContext ctx, int bytes, boolean midMessage) {
        if (!midMessage) {
            messageBytes = 0;
            paidBytes = 0;
            return;
        }
        messageBytes += bytes;
        long owed = messageBytes - BodyReadBudget.FREE_BYTES - paidBytes;
        if (owed <= 0 || !budget.limited()) {
            return;
        }
        long quantum = budget.quantum();
        long paying = (owed + quantum - 1) / quantum * quantum;
        paidBytes += paying;
        long wait = budget.charge(paying);
        if (wait > 0 && !waiting) {
            waiting = true;
            ReadSwitch reads = ReadSwitch.of(ctx.channel());
            reads.hold(ReadSwitch.Hold.PACED);
            ctx.executor().schedule(() -> {
                waiting = false;
                reads.release(ReadSwitch.Hold.PACED);
            }, wait, TimeUnit.NANOSECONDS);
        }
    }
}
