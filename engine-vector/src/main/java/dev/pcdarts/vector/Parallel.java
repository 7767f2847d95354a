package dev.pcdarts.vector;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits [0, n) into contiguous chunks, one per thread, and runs them. Kernels give each output
 * element to exactly one index, so the split never changes the bits of a result.
 *
 * <p>A search step opens tens of thousands of parallel regions, most of them well under a
 * millisecond. Handing each to an executor and parking on its future cost a futex wake-up and a
 * park per region, which made two threads slower than one. Workers therefore spin briefly for
 * the next region before parking, and the caller spins for the (short) rest of the region
 * instead of parking.
 *
 * <p>The parts follow the threads' measured pace ({@link Balance}), and a part its worker has
 * not started when the caller is done with its own is taken back and run by the caller: on a
 * shared machine one core may run slower than the other for minutes, or not at all for a while.
 */
final class Parallel {
    /** The work of indices [lo, hi). */
    interface Range {
        void run(int lo, int hi);
    }

    /**
     * How long an idle worker keeps spinning for the next region before it parks. A search step
     * makes tens of thousands of short kernel calls, with autograd's bookkeeping between them;
     * with a spin ten times shorter a worker parked often enough within a step for the wake-ups
     * to show in the step's time.
     */
    private static final long SPIN_NANOS = 2_000_000;

    /** One thread, no workers: for kernels called inside a region that is already split. */
    static final Parallel SERIAL = new Parallel(1);

    private final int threads;
    private final Worker[] workers;
    private volatile int active; // threads a region may use: see useThreads
    private final Balance balance;
    private final int[] bounds; // a region's parts: see Balance.split

    Parallel(int threads) {
        this(threads, true);
    }

    /** For tests: workers that never start leave every region to the caller, which takes their parts back. */
    Parallel(int threads, boolean startWorkers) {
        this.threads = Math.max(1, threads);
        this.workers = new Worker[this.threads - 1];
        this.active = this.threads;
        this.balance = new Balance(workers.length);
        this.bounds = new int[this.threads + 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker("pcdarts-vector-" + (i + 1));
            if (startWorkers) workers[i].start();
        }
    }

    int threads() {
        return threads;
    }

    /** The threads a region may use now: {@link #threads()} unless {@link #useThreads} limited them. */
    int active() {
        return active;
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

    /**
     * Whether {@link #forRange} would hand parts of [0, n) to workers. Kernels called once per
     * sample inside a split region ask first and run their loop directly when it would not: a
     * lambda per call was a third of a search step's allocation.
     */
    boolean splits(int n, int grain) {
        return chunks(n, grain) > 1 && !(Thread.currentThread() instanceof Worker);
    }

    /** The parts [0, n) would be cut into: a grain's worth each at least, one per active thread at most. */
    private int chunks(int n, int grain) {
        return Math.min(active(), Math.max(1, n / Math.max(1, grain)));
    }

    /** Runs body over [0, n); {@code grain} is the least number of indices worth a task. */
    void forRange(int n, int grain, Range body) {
        int chunks = chunks(n, grain);
        if (chunks <= 1 || Thread.currentThread() instanceof Worker) { // a kernel inside a kernel runs serially
            if (n > 0) body.run(0, n);
            return;
        }
        synchronized (this) { // one region at a time: the workers have one slot each
            int[] at = bounds;
            long start = System.nanoTime();
            balance.split(n, chunks, at);
            boolean woke = false;
            for (int c = 1; c < chunks; c++) woke |= workers[c - 1].hand(body, at[c], at[c + 1]);
            Throwable first = null; // the failure of the lowest chunk that failed: the same whoever ran it
            int firstAt = chunks;
            try {
                body.run(0, at[1]);
            } catch (Throwable e) { // even then the workers must finish before their slots are reused
                first = e;
                firstAt = 0;
            }
            long ownEnd = System.nanoTime();
            boolean withdrew = false;
            for (int c = 1; c < chunks; c++) { // a worker that has not started is not running: do its part here
                if (!workers[c - 1].withdraw()) continue;
                withdrew = true;
                if (first != null) continue;
                try {
                    body.run(at[c], at[c + 1]);
                } catch (Throwable e) {
                    first = e;
                    firstAt = c;
                }
            }
            for (int c = 1; c < chunks; c++) {
                Throwable f = workers[c - 1].await();
                if (f != null && c < firstAt) {
                    first = f;
                    firstAt = c;
                }
            }
            if (!withdrew && !woke) {
                for (int c = 1; c < chunks; c++) balance.record(c - 1, ownEnd - start, at[1], workers[c - 1].doneAt - start, at[c + 1] - at[c]);
            }
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
     * time slices made two searches side by side each many times slower than one alone: a wait
     * that finds its yield taken up parks instead.
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

    /** Spin turns between two yields: short beside a time slice, long beside one hand-off. */
    private static final int YIELD_EVERY = 512;
    /** A yield that took longer than this let another thread run: the cores are oversubscribed. */
    private static final long CONTENDED_NANOS = 50_000;

    /** A kernel thread with a one-region mailbox. */
    private static final class Worker extends Thread {
        /** No region, or the last one finished. */
        private static final int IDLE = 0;
        /** A region handed and not started: the worker may claim it, or the caller take it back. */
        private static final int HANDED = 1;
        /** The worker is running the region. */
        private static final int RUNNING = 2;
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Worker.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private volatile int state;
        private volatile boolean parked;
        private volatile Thread waiter; // the caller, while it sleeps in await
        private Range task; // task, lo, hi and failure are published by the volatile writes of state
        private int lo;
        private int hi;
        private Throwable failure;
        private long doneAt; // nanoTime at the end of the last region, published by the write of state

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        /** Caller side: publish [lo, hi) of body; whether the worker was parked and had to be woken. */
        boolean hand(Range body, int lo, int hi) {
            this.task = body;
            this.lo = lo;
            this.hi = hi;
            this.failure = null;
            state = HANDED;
            if (!parked) return false;
            LockSupport.unpark(this);
            return true;
        }

        /**
         * Caller side, once its own part is done: takes the region back if the worker has not
         * started it. A spinning worker claims a region within a fraction of a microsecond, so
         * one still unclaimed then belongs to a worker that is not running (its core lent to
         * another process by the machine's scheduler, or still waking up), and the caller would
         * otherwise wait a time slice for it.
         */
        boolean withdraw() {
            // read first: a failed compare-and-set would still take the line from the running worker
            return state == HANDED && STATE.compareAndSet(this, HANDED, IDLE);
        }

        /** Caller side: waits for the region to finish; its failure, if any. */
        Throwable await() {
            for (int spins = 1; state != IDLE; spins++) {
                if (!spinOnce(spins)) continue;
                waiter = Thread.currentThread(); // the cores are oversubscribed: sleep until the worker is done
                while (state != IDLE) LockSupport.park(this);
                waiter = null;
            }
            return failure;
        }

        @Override
        public void run() {
            while (true) {
                claim();
                try {
                    task.run(lo, hi);
                } catch (Throwable e) {
                    failure = e;
                }
                doneAt = System.nanoTime();
                state = IDLE;
                Thread w = waiter; // read after the region is finished: a caller that went to sleep before is woken
                if (w != null) LockSupport.unpark(w);
            }
        }

        /** Waits for a region and claims it (unless the caller takes it back first). */
        private void claim() {
            long start = System.nanoTime();
            int spins = 0;
            while (!(state == HANDED && STATE.compareAndSet(this, HANDED, RUNNING))) {
                if (System.nanoTime() - start < SPIN_NANOS && !spinOnce(++spins)) continue;
                parked = true;
                if (state != HANDED) LockSupport.park(this);
                parked = false;
                start = System.nanoTime();
            }
        }
    }
}
