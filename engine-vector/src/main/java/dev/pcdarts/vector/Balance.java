package dev.pcdarts.vector;

import java.util.Arrays;

/**
 * Where to split a region so that the caller and its workers finish together: each worker's
 * share is scaled by how fast it has been running against the caller.
 *
 * <p>On a shared machine the two cores are seldom equally fast: a neighbour's load lands on one
 * of them for seconds or minutes at a time, so the worker's time for the same work drifts above
 * and below the caller's from one run to the next; with even halves the faster thread then waits
 * for the slower one. Every index still runs exactly once, whoever runs it, so the split never
 * changes the bits.
 *
 * <p>Each worker's relative cost (its time per index over the caller's) is re-estimated from
 * every {@link #WINDOW} regions it took part in, as the ratio of its summed time to the time the
 * caller would have taken at its own pace, and moves halfway towards that. Regions where either
 * side was held up (taking over {@link #OUTLIER} times the other's pace) are left out: they
 * measure the machine's scheduler, not the core's speed.
 */
final class Balance {
    static final int WINDOW = 256;
    static final double OUTLIER = 3;
    /** The relative cost stays within [1/LIMIT, LIMIT]. */
    static final double LIMIT = 2;

    private final double[] cost; // per worker: its time per index over the caller's
    private final double[] workerNanos;
    private final double[] callerPaceNanos; // what the caller would have taken for the worker's indices
    private final int[] seen;

    Balance(int workers) {
        cost = new double[workers];
        Arrays.fill(cost, 1);
        workerNanos = new double[workers];
        callerPaceNanos = new double[workers];
        seen = new int[workers];
    }

    /**
     * Bounds of the parts of [0, n) among the caller (part 0) and {@code chunks - 1} workers:
     * part c is [at[c], at[c + 1]); each part gets at least one index (n ≥ chunks).
     */
    void split(int n, int chunks, int[] at) {
        double total = 1;
        for (int w = 0; w < chunks - 1; w++) total += 1 / cost[w];
        double acc = 1;
        at[0] = 0;
        for (int c = 1; c < chunks; c++) {
            int b = (int) Math.round(n * (acc / total));
            at[c] = Math.min(n - (chunks - c), Math.max(at[c - 1] + 1, b));
            acc += 1 / cost[c - 1];
        }
        at[chunks] = n;
    }

    /**
     * One region's times: the caller took {@code callerNanos} for its {@code callerIndices},
     * worker w {@code workerNanos} for its {@code workerIndices}.
     */
    void record(int w, long callerNanos, int callerIndices, long workerNanos, int workerIndices) {
        if (callerNanos <= 0 || workerNanos <= 0 || callerIndices <= 0 || workerIndices <= 0) return;
        double pace = (double) callerNanos * workerIndices / callerIndices;
        if (workerNanos > OUTLIER * pace || pace > OUTLIER * workerNanos) return;
        this.workerNanos[w] += workerNanos;
        callerPaceNanos[w] += pace;
        if (++seen[w] < WINDOW) return;
        double measured = this.workerNanos[w] / callerPaceNanos[w];
        cost[w] = Math.min(LIMIT, Math.max(1 / LIMIT, (cost[w] + measured) / 2));
        this.workerNanos[w] = callerPaceNanos[w] = seen[w] = 0;
    }

    /** Worker w's current time per index over the caller's. */
    double cost(int w) {
        return cost[w];
    }
}
