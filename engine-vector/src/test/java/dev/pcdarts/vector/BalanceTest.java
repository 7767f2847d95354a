package dev.pcdarts.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Splits that follow the threads' measured pace: even at first, then smaller parts for slower workers. */
class BalanceTest {
    private static int[] split(Balance b, int n, int chunks) {
        int[] at = new int[chunks + 1];
        b.split(n, chunks, at);
        return at;
    }

    @Test
    void evenUntilMeasured() {
        Balance b = new Balance(2);
        assertArrayEquals(new int[] {0, 500, 1000}, split(new Balance(1), 1000, 2));
        assertArrayEquals(new int[] {0, 333, 667, 1000}, split(b, 1000, 3));
        assertArrayEquals(new int[] {0, 1, 2, 3}, split(b, 3, 3), "every part at least one index");
    }

    @Test
    void aWorkerTwiceAsSlowGetsAThirdOnceMeasured() {
        Balance b = new Balance(1);
        for (int window = 0; window < 12; window++) {
            for (int r = 0; r < Balance.WINDOW; r++) b.record(0, 1000, 500, 2000, 500); // same indices, twice the time
        }
        assertEquals(2.0, b.cost(0), 1e-3);
        assertArrayEquals(new int[] {0, 667, 1000}, split(b, 1000, 2));
        assertArrayEquals(new int[] {0, 1, 2}, split(b, 2, 2), "the worker still gets an index");
    }

    @Test
    void movesHalfwayPerWindowAndOnlyOnFullWindows() {
        Balance b = new Balance(1);
        for (int r = 0; r < Balance.WINDOW - 1; r++) b.record(0, 1000, 400, 900, 600);
        assertEquals(1.0, b.cost(0), "no estimate before a window is full");
        b.record(0, 1000, 400, 900, 600);
        assertEquals((1 + 0.6) / 2, b.cost(0), 1e-9); // 900 ns for 600 indices against the caller's 1500
    }

    @Test
    void heldUpRegionsAndTheLimitKeepTheEstimateSane() {
        Balance b = new Balance(1);
        for (int r = 0; r < 10 * Balance.WINDOW; r++) b.record(0, 1000, 500, 1_000_000, 500); // the worker was descheduled
        assertEquals(1.0, b.cost(0), "regions where a thread was held up are left out");
        for (int r = 0; r < 30 * Balance.WINDOW; r++) b.record(0, 1000, 500, 2900, 500);
        assertTrue(b.cost(0) <= Balance.LIMIT, "cost " + b.cost(0));
        assertEquals(Balance.LIMIT, b.cost(0), 1e-9);
    }
}
