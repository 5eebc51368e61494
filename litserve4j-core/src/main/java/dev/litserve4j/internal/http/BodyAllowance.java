package dev.litserve4j.internal.http;

/**
 * One connection's hold on the {@link BodyBufferBudget}: the bytes of the body being read past its
 * free part, taken from the budget as they arrive (a declared length is not taken ahead: a client
 * could then hold the budget with heads alone), and given back when the body is whole (it is then
 * decoded and released), refused, or the connection ends. Event loop only.
 */
final class BodyAllowance {

    private final BodyBufferBudget budget;
    private long bodyBytes;
    private long reserved;

    BodyAllowance(BodyBufferBudget budget) {
        this.budget = budget;
    }

    /** A part of the current body arrived: true when the budget holds it, false when the body must be refused. */
    boolean take(int bytes) {
        bodyBytes += bytes;
        long needed = bodyBytes - BodyReadBudget.FREE_BYTES - reserved;
        if (needed <= 0) {
            return true;
        }
        if (!budget.reserve(needed)) {
            end();
            return false;
        }
        reserved += needed;
        return true;
    }

    /** The body was read whole, refused, or its connection ended: its bytes go back to the budget. */
    void end() {
        budget.release(reserved);
        reserved = 0;
        bodyBytes = 0;
    }
}
