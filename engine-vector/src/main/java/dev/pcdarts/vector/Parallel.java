package dev.pcdarts.vector;

import java.util.concurrent.locks.LockSupport;

/**
 * Splits [0, n) into contiguous chunks, one per thread, and runs them. Kernels give each output
 * element to exactly one index, so the split never changes the bits of a result.
 *
 * <p>A search step opens some hundred thousand parallel regions, most of them well under a
 * millisecond. Handing each to an executor and parking on its future cost a futex wake-up and a
 * park per region (about 600,000 context switches per batch-64 benchmark run), which made two
 * threads slower than one. Workers therefore spin briefly for the next region before parking,
 * and the caller spins for the (short) rest of the region instead of parking.
 */
final class Parallel {
    /** The work of indices [lo, hi). */
    interface Range {
        void run(int lo, int hi);
    }

    /**
     * How long an idle worker keeps spinning for the next region before it parks. A search step
     * makes ~70,000 kernel calls of ~30 µs on average, with autograd's bookkeeping between them;
     * with 0.2 ms a worker parked often enough within a step for the wake-ups to show (batch-64
     * iteration, alternating: 2.59/2.52/2.25/2.27 s against 2.14/2.53/2.31/1.99 s with 2 ms).
     */
    private static final long SPIN_NANOS = 2_000_000;

    /** One thread, no workers: for kernels called inside a region that is already split. */
    static final Parallel SERIAL = new Parallel(1);

    private final int threads;
    private final Worker[] workers;
    private volatile int active; // threads a region may use: see useThreads
    private final Contention contention = new Contention();

    Parallel(int threads) {
        this.threads = Math.max(1, threads);
        this.workers = new Worker[this.threads - 1];
        this.active = this.threads;
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker("pcdarts-vector-" + (i + 1));
            workers[i].start();
        }
    }

    int threads() {
        return threads;
    }

    /**
     * The threads a region may use now: {@link #threads()} unless {@link #useThreads} limited them,
     * or one while the cores are oversubscribed ({@link Contention}).
     */
    int active() {
        return contention.serial() ? 1 : active;
    }

    /** Regions use at most n threads (clamped to [1, threads]) from now on; the split never changes the bits. */
    void useThreads(int n) {
        active = Math.max(1, Math.min(threads, n));
    }

    /** Work (in multiply-adds or element visits) below which handing a task to another thread costs more than it saves. */
    private static final long MIN_TASK_WORK = 1 << 15;

    /** The least number of indices worth a task when each index costs {@code work}. */
    static int grain(long work) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, MIN_TASK_WORK / Math.max(1, work)));
    }

    /** Runs body over [0, n); {@code grain} is the least number of indices worth a task. */
    void forRange(int n, int grain, Range body) {
        int chunks = Math.min(active(), Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || Thread.currentThread() instanceof Worker) { // a kernel inside a kernel runs serially
            if (n > 0) body.run(0, n);
            return;
        }
        synchronized (this) { // one region at a time: the workers have one slot each
            boolean woke = false;
            for (int c = 1; c < chunks; c++) {
                woke |= workers[c - 1].hand(body, (int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
            }
            Throwable first = null;
            try {
                body.run(0, (int) ((long) n / chunks));
            } catch (Throwable e) { // even then the workers must finish before their slots are reused
                first = e;
            }
            long waitStart = System.nanoTime();
            for (int c = 1; c < chunks; c++) {
                Throwable f = workers[c - 1].await();
                if (first == null) first = f;
            }
            if (!woke) contention.regionWaited(waitStart, System.nanoTime());
            if (first instanceof RuntimeException re) throw re;
            if (first instanceof Error e) throw e;
            if (first != null) throw new IllegalStateException("a kernel thread failed", first);
        }
    }

    /**
     * One turn of a spin wait; true when the turn gave the core away and another thread ran in
     * the meantime. Every {@link #YIELD_EVERY}th turn yields: with no other thread waiting for the
     * core, that returns at once. When more threads want the cores than there are (two pcdarts
     * processes on two cores) the thread spun for may be the one waiting, and spinning through whole
     * time slices made two batch-32 searches side by side 13x slower each than one alone (12.1-12.6 s
     * against 0.91 s per iteration): a wait that finds its yield taken up parks instead.
     */
    private static boolean spinOnce(int spins) {
        if (spins % YIELD_EVERY != 0) {
            Thread.onSpinWait();
            return false;
        }
        long t0 = System.nanoTime();
        Thread.yield();
        return System.nanoTime() - t0 > CONTENDED_NANOS;
    }

    /** Spin turns between two yields: some 10 µs. */
    private static final int YIELD_EVERY = 512;
    /** A yield that took longer than this let another thread run: the cores are oversubscribed. */
    private static final long CONTENDED_NANOS = 50_000;

    /** A kernel thread with a one-region mailbox. */
    private static final class Worker extends Thread {
        private volatile Range task; // non-null while a region is handed and not finished
        private volatile boolean parked;
        private volatile Thread waiter; // the caller, while it sleeps in await
        private int lo;
        private int hi;
        private Throwable failure;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        /**
         * Caller side: publish [lo, hi) of body (lo, hi and failure are published by the volatile
         * write of task); whether the worker was parked and had to be woken.
         */
        boolean hand(Range body, int lo, int hi) {
            this.lo = lo;
            this.hi = hi;
            this.failure = null;
            this.task = body;
            if (!parked) return false;
            LockSupport.unpark(this);
            return true;
        }

        /** Caller side: waits for the region to finish; its failure, if any. */
        Throwable await() {
            for (int spins = 1; task != null; spins++) {
                if (!spinOnce(spins)) continue;
                waiter = Thread.currentThread(); // the cores are oversubscribed: sleep until the worker is done
                while (task != null) LockSupport.park(this);
                waiter = null;
            }
            return failure;
        }

        @Override
        public void run() {
            while (true) {
                Range t = next();
                try {
                    t.run(lo, hi);
                } catch (Throwable e) {
                    failure = e;
                }
                task = null;
                Thread w = waiter; // read after task is cleared: a caller that went to sleep before is woken
                if (w != null) LockSupport.unpark(w);
            }
        }

        private Range next() {
            long start = System.nanoTime();
            int spins = 0;
            Range t;
            while ((t = task) == null) {
                if (System.nanoTime() - start < SPIN_NANOS && !spinOnce(++spins)) continue;
                parked = true;
                if (task == null) LockSupport.park(this);
                parked = false;
                start = System.nanoTime();
            }
            return t;
        }
    }
}
