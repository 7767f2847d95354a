package dev.pcdarts.vector;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When regions set their threads aside: from the waits of an idle machine, never; from those of oversubscribed cores, for a while. */
class ContentionTest {
    private long now = 1_000;
    private final Contention contention = new Contention(() -> now);

    /** {@code regions} regions spread over one window, every {@code every}th waiting {@code longWait}, the others 1 µs. */
    private void window(int regions, int every, long longWait) {
        long start = now;
        for (int i = 1; i <= regions; i++) {
            now += Contention.WINDOW_NANOS / (regions + 1);
            contention.regionWaited(now - (i % every == 0 ? longWait : 1_000), now);
        }
        now = start + Contention.WINDOW_NANOS;
        contention.regionWaited(now - 1_000, now); // closes the window
    }

    @Test
    void anIdleMachinesRareLongWaitsKeepTheThreads() {
        for (int w = 0; w < 20; w++) {
            window(2_000, 700, 5_000_000); // one region in 700 waits 5 ms (a core lent to the JIT)
            assertFalse(contention.serial());
        }
    }

    @Test
    void aFewLongWaitsInAQuietWindowKeepTheThreads() {
        window(5, 1, 3_000_000); // all five wait, but five are too few to judge by
        assertFalse(contention.serial());
    }

    @Test
    void oversubscribedCoresRunSeriallyForAWhileThenTheThreadsAreTriedAgain() {
        window(30, 1, 3_000_000); // every region waits a time slice
        assertTrue(contention.serial());
        now += Contention.SERIAL_NANOS / 2;
        assertTrue(contention.serial());
        now += Contention.SERIAL_NANOS / 2 + 1;
        assertFalse(contention.serial());
        contention.regionWaited(now - 3_000_000, now); // one slow region right after does not decide the new window
        assertFalse(contention.serial());
        window(30, 1, 3_000_000); // still oversubscribed
        assertTrue(contention.serial());
    }

    /** Parts taken back from workers that were not running count like long waits. */
    @Test
    void regionsWhoseWorkersDidNotStartCountAsLongWaits() {
        long start = now;
        for (int i = 1; i <= 40; i++) {
            now += Contention.WINDOW_NANOS / 41;
            if (i % 2 == 0) contention.regionWithdrawn();
            else contention.regionWaited(now - 1_000, now);
        }
        now = start + Contention.WINDOW_NANOS;
        contention.regionWaited(now - 1_000, now); // closes the window: 20 of 41 regions
        assertTrue(contention.serial());
    }

    @Test
    void aQuarterOfTheRegionsMustWaitLong() {
        window(100, 5, 3_000_000); // 20 long waits of 100
        assertFalse(contention.serial());
        window(100, 3, 3_000_000); // 33 of 100
        assertTrue(contention.serial());
    }
}
