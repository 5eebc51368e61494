package dev.litserve4j.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Every race of a request is two claims on its state; each order of the two is tested here, since
 * a single compare-and-set makes the order the whole story.
 */
class RequestStateTest {

    private final RequestState state = new RequestState();

    @Test
    void aWorkerTakesAQueuedRequestOnce() {
        assertThat(state.take()).isTrue();
        assertThat(state.take()).isFalse();
        assertThat(state.get()).isEqualTo(RequestState.RUNNING);
    }

    @Test
    void aTimeoutBeforeTheWorkerTakesItMeansTheWorkerSkipsIt() {
        assertThat(state.answer()).isTrue();
        assertThat(state.take()).isFalse();
    }

    @Test
    void aClientThatLeftWhileQueuedMeansTheWorkerSkipsIt() {
        assertThat(state.cut()).isEqualTo(RequestState.QUEUED);
        assertThat(state.take()).isFalse();
        assertThat(state.get()).isEqualTo(RequestState.CUT);
    }

    @Test
    void aTimeoutBeforeTheFirstChunkWinsAndTheStreamNeverOpens() {
        state.take();
        assertThat(state.answer()).isTrue();
        assertThat(state.open()).isFalse();
        assertThat(state.finish()).isFalse();
    }

    @Test
    void aFirstChunkBeforeTheTimeoutWinsAndTheTimeoutDoesNothing() {
        state.take();
        assertThat(state.open()).isTrue();
        assertThat(state.answer()).isFalse();
        assertThat(state.finish()).isTrue();
        assertThat(state.get()).isEqualTo(RequestState.ANSWERED);
    }

    @Test
    void theShutdownDeadlineCutsAnOpenStreamAndItsEndIsThenDropped() {
        state.take();
        state.open();
        assertThat(state.cut()).isEqualTo(RequestState.STREAMING);
        assertThat(state.finish()).isFalse();
        assertThat(state.get()).isEqualTo(RequestState.CUT);
    }

    @Test
    void aStreamThatEndedCannotBeCutAfterwards() {
        state.take();
        state.open();
        state.finish();
        assertThat(state.cut()).isEqualTo(-1);
        assertThat(state.get()).isEqualTo(RequestState.ANSWERED);
    }

    @Test
    void aWorkerAnswerAfterTheClientLeftIsDropped() {
        state.take();
        state.cut();
        assertThat(state.answer()).isFalse();
        assertThat(state.open()).isFalse();
    }

    @Test
    void onlyOneOfTwoAnswersWins() {
        state.take();
        assertThat(state.answer()).isTrue();
        assertThat(state.answer()).isFalse();
        assertThat(state.cut()).isEqualTo(-1);
    }

    @Test
    void manyThreadsRacingForOneRequestLeaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 200; round++) {
            RequestState s = new RequestState();
            s.take();
            java.util.concurrent.atomic.AtomicInteger winners = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            Thread[] threads = new Thread[4];
            for (int i = 0; i < threads.length; i++) {
                int kind = i;
                threads[i] = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    boolean won = kind == 0 ? s.answer() : kind == 1 ? s.open() : kind == 2 ? s.cut() >= 0 : s.answer();
                    if (won) {
                        winners.incrementAndGet();
                    }
                });
                threads[i].start();
            }
            go.countDown();
            for (Thread t : threads) {
                t.join(5000);
            }
            // open() may win and then be followed by nothing else that can win except cut().
            assertThat(winners.get()).isBetween(1, 2);
            if (winners.get() == 2) {
                assertThat(s.get()).isEqualTo(RequestState.CUT); // open, then cut of the open stream
            }
        }
    }
}
