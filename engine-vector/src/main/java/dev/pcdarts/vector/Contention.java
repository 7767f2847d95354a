package dev.pcdarts.vector;

import java.util.function.LongSupplier;

/**
 * Whether the cores are oversubscribed, judged by how long parallel regions wait for their
 * workers; while they are, regions run on the calling thread alone.
 *
 * <p>With more runnable threads than cores (two pcdarts processes on two cores, or a build
 * beside a search), the worker a region waits for is often not running: each of a search step's
 * regions then waits for a time slice, and two searches side by side each ran many times slower
 * than one alone; one thread each shares the cores without waiting. On an idle machine few
 * regions wait longer than {@link #LONG_WAIT_NANOS} (a core lent to the JIT, the collector or
 * the kernel); when a quarter of a window's do,
 * regions run serially for {@link #SERIAL_NANOS}, then the threads are tried again. The thread
 * count never changes a result's bits.
 */
final class Contention {
    /** A wait longer than this means the worker was not running. */
    static final long LONG_WAIT_NANOS = 100_000;
    /**
     * Long enough that a core the machine's scheduler lends elsewhere for some tens of
     * milliseconds (a neighbour's burst on this shared VM) does not count as oversubscription: with
     * shorter windows such a burst now and then set the threads aside for a whole spell, and a
     * two-thread search ran serially for no reason.
     */
    static final long WINDOW_NANOS = 300_000_000;
    /** Long waits a window needs (and a quarter of its regions) before the threads are set aside. */
    private static final int LONG_WAITS = 8;
    static final long SERIAL_NANOS = 1_500_000_000;

    private final LongSupplier clock;
    private long windowStart;
    private int regions;
    private int longWaits;
    private volatile long serialUntil; // 0 when the threads may be used

    Contention() {
        this(System::nanoTime);
    }

    /** With a given clock (in nanoseconds), for tests. */
    Contention(LongSupplier clock) {
        this.clock = clock;
        this.windowStart = clock.getAsLong();
    }

    /** Whether regions should run on the calling thread now. */
    boolean serial() {
        long until = serialUntil;
        if (until == 0) return false;
        long now = clock.getAsLong();
        if (now - until < 0) return true;
        serialUntil = 0;
        restart(now);
        return false;
    }

    /**
     * Caller side, once per split region (one region at a time): it waited for its workers from
     * {@code start} to {@code now} (nanoTime). Regions that had to wake a parked worker do not
     * count: the wake-up is slow anyway.
     */
    void regionWaited(long start, long now) {
        regions++;
        if (now - start > LONG_WAIT_NANOS) longWaits++;
        if (now - windowStart < WINDOW_NANOS) return;
        if (longWaits >= LONG_WAITS && longWaits * 4 > regions) serialUntil = now + SERIAL_NANOS;
        restart(now);
    }

    /**
     * Caller side, once per split region: it ran a worker's part itself because the worker had
     * not started it (not running). Counts as a long wait: on oversubscribed cores this is what
     * most regions see, and the worker spins for its time slices meanwhile.
     */
    void regionWithdrawn() {
        long now = clock.getAsLong();
        regionWaited(now - LONG_WAIT_NANOS - 1, now);
    }

    private void restart(long now) {
        windowStart = now;
        regions = longWaits = 0;
    }
}
