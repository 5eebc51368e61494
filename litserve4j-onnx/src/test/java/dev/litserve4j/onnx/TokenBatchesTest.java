package dev.litserve4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenBatchesTest {

    private static List<String> shown(List<int[]> calls) {
        return calls.stream().map(Arrays::toString).toList();
    }

    @Test
    void sortsByLengthAndCutsWhereThePaddedSizeWouldPassTheBudget() {
        // lengths by index:      0   1  2   3  4   5
        int[] lengths = {40, 8, 120, 9, 30, 10};
        // sorted: 8(1) 9(3) 10(5) 30(4) 40(0) 120(2); budget 64: 3 x 10 = 30 fits, 4 x 30 does not; 2 x 40 > 64
        assertThat(shown(TokenBatches.plan(lengths, 64, 32))).containsExactly("[1, 3, 5]", "[4]", "[0]", "[2]");
        assertThat(shown(TokenBatches.plan(lengths, 80, 32))).containsExactly("[1, 3, 5]", "[4, 0]", "[2]");
    }

    @Test
    void aCallHoldsAtMostMaxSequencesAndALongSequenceRunsAlone() {
        int[] lengths = {5, 5, 5, 5, 5, 500};
        assertThat(shown(TokenBatches.plan(lengths, 999, 2))).containsExactly("[0, 1]", "[2, 3]", "[4]", "[5]");
        assertThat(shown(TokenBatches.plan(new int[] {500}, 128, 32))).containsExactly("[0]");
        assertThat(TokenBatches.plan(new int[0], 128, 32)).isEmpty();
    }

    @Test
    void everyIndexOnceAndNoCallOverTheBudgetUnlessAlone() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int[] lengths = random.ints(1 + random.nextInt(40), 3, 257).toArray();
            int budget = 1 + random.nextInt(2048);
            int max = 1 + random.nextInt(32);
            boolean[] seen = new boolean[lengths.length];
            for (int[] call : TokenBatches.plan(lengths, budget, max)) {
                int longest = Arrays.stream(call).map(i -> lengths[i]).max().orElseThrow();
                assertThat(call.length).isBetween(1, max);
                assertThat(call.length == 1 || (long) call.length * longest <= budget).isTrue();
                for (int i : call) {
                    assertThat(seen[i]).as("index %d twice", i).isFalse();
                    seen[i] = true;
                }
            }
            for (boolean s : seen) {
                assertThat(s).isTrue();
            }
        }
    }

    @Test
    void aBudgetOrMaximumBelowOneIsRefused() {
        assertThatThrownBy(() -> TokenBatches.plan(new int[] {3}, 0, 32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBatchTokens and maxSequences must be >= 1");
        assertThatThrownBy(() -> new MiniLmEmbeddingsApi(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBatchTokens must be >= 1");
    }
}
