package dev.pcdarts.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The spinning worker pool: every index exactly once, failures reach the caller, the pool survives them. */
class ParallelTest {
    private final Parallel par = new Parallel(3);

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int n : new int[] {1, 2, 3, 7, 1000, 65_537}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            for (int round = 0; round < 50; round++) par.forRange(n, 1, (lo, hi) -> {
                for (int i = lo; i < hi; i++) hits.incrementAndGet(i);
            });
            for (int i = 0; i < n; i++) assertEquals(50, hits.get(i), "index " + i + " of " + n);
        }
    }

    /**
     * With busy threads on every core, waits find their yields taken and sleep (a region's
     * caller until its workers are done, idle workers until the next region): no region is lost,
     * none runs twice, nothing hangs.
     */
    @Test
    void everyIndexRunsExactlyOnceOnOversubscribedCores() throws InterruptedException {
        Thread[] busy = new Thread[2 * Runtime.getRuntime().availableProcessors()];
        AtomicBoolean stop = new AtomicBoolean();
        for (int t = 0; t < busy.length; t++) {
            busy[t] = new Thread(() -> {
                while (!stop.get()) Thread.onSpinWait();
            });
            busy[t].start();
        }
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                AtomicIntegerArray hits = new AtomicIntegerArray(1000);
                for (int round = 0; round < 2_000; round++) par.forRange(1000, 1, (lo, hi) -> {
                    for (int i = lo; i < hi; i++) hits.incrementAndGet(i);
                });
                for (int i = 0; i < 1000; i++) assertEquals(2_000, hits.get(i), "index " + i);
            });
        } finally {
            stop.set(true);
            for (Thread t : busy) t.join();
        }
    }

    /**
     * A worker that is not running (here: never started) leaves its part unclaimed, and the
     * caller takes it back instead of waiting: every index once, on the calling thread, no hang;
     * a failure in a part taken back is reported like one on a worker.
     */
    @Test
    void theCallerRunsThePartsOfWorkersThatDoNotStart() {
        Parallel stalled = new Parallel(3, false);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Thread caller = Thread.currentThread(); // assertTimeoutPreemptively runs this on a thread of its own
            AtomicIntegerArray hits = new AtomicIntegerArray(1000);
            AtomicBoolean elsewhere = new AtomicBoolean();
            for (int round = 0; round < 100; round++) stalled.forRange(1000, 1, (lo, hi) -> {
                if (Thread.currentThread() != caller) elsewhere.set(true);
                for (int i = lo; i < hi; i++) hits.incrementAndGet(i);
            });
            for (int i = 0; i < 1000; i++) assertEquals(100, hits.get(i), "index " + i);
            assertEquals(false, elsewhere.get(), "a part ran on a worker that never started");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stalled.forRange(300, 1, (lo, hi) -> {
                if (lo > 0) throw new IllegalArgumentException("chunk at " + lo);
            }));
            assertEquals("chunk at 100", e.getMessage());
        });
    }

    @Test
    void aFailureOnAWorkerReachesTheCallerAndThePoolStillWorks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> par.forRange(300, 1, (lo, hi) -> {
            if (lo > 0) throw new IllegalArgumentException("chunk at " + lo);
        }));
        assertEquals("chunk at 100", e.getMessage());
        assertThrows(OutOfMemoryError.class, () -> par.forRange(300, 1, (lo, hi) -> {
            if (lo == 0) throw new OutOfMemoryError("caller chunk");
        }));
        AtomicIntegerArray hits = new AtomicIntegerArray(300);
        par.forRange(300, 1, (lo, hi) -> {
            for (int i = lo; i < hi; i++) hits.incrementAndGet(i);
        });
        for (int i = 0; i < 300; i++) assertEquals(1, hits.get(i));
    }

    /** splits says whether forRange would hand parts out: only with two grains of work and more than one thread. */
    @Test
    void splitsSaysWhetherARegionWouldBeHandedOut() {
        assertEquals(true, par.splits(10, 5));
        assertEquals(false, par.splits(9, 5), "one grain's worth and a bit");
        assertEquals(false, Parallel.SERIAL.splits(1000, 1));
        par.useThreads(1);
        try {
            assertEquals(false, par.splits(1000, 1));
        } finally {
            par.useThreads(3);
        }
    }
}
