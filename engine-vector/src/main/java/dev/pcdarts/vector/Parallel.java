package dev.pcdarts.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits [0, n) into contiguous chunks, one per thread, and runs them. Kernels give each output
 * element to exactly one index, so the split never changes the bits of a result.
 */
final class Parallel {
    /** The work of indices [lo, hi). */
    interface Range {
        void run(int lo, int hi);
    }

    private final int threads;
    private final ExecutorService pool;

    Parallel(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads - 1, r -> {
            Thread t = new Thread(r, "pcdarts-vector");
            t.setDaemon(true);
            return t;
        });
    }

    int threads() {
        return threads;
    }

    /** Work (in multiply-adds or element visits) below which handing a task to another thread costs more than it saves. */
    private static final long MIN_TASK_WORK = 1 << 15;

    /** The least number of indices worth a task when each index costs {@code work}. */
    static int grain(long work) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, MIN_TASK_WORK / Math.max(1, work)));
    }

    /** Runs body over [0, n); {@code grain} is the least number of indices worth a task. */
    void forRange(int n, int grain, Range body) {
        int chunks = Math.min(threads, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || pool == null) {
            if (n > 0) body.run(0, n);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(chunks - 1);
        for (int c = 1; c < chunks; c++) {
            int lo = (int) ((long) n * c / chunks);
            int hi = (int) ((long) n * (c + 1) / chunks);
            futures.add(pool.submit(() -> body.run(lo, hi)));
        }
        body.run(0, (int) ((long) n / chunks));
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a kernel ran", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
