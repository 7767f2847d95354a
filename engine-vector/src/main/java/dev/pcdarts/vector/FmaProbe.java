package dev.pcdarts.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures the machine's float32 FMA throughput with the Vector API at the kernels' own vector
 * width: eight independent FMA chains per thread, so the figure is the peak our kernels can
 * approach, in GFLOP/s (what bench sets its rates against).
 */
public final class FmaProbe {
    private static final VectorSpecies<Float> F = Vec.F;

    private FmaProbe() {}

    /** GFLOP/s over {@code threads} threads, each running for about {@code millis}. */
    public static double gflops(int threads, long millis) throws InterruptedException {
        DoubleAdder flops = new DoubleAdder();
        List<Thread> ts = new ArrayList<>();
        long[] elapsed = new long[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                chains(2_000_000); // warm-up and JIT
                long start = System.nanoTime();
                long deadline = start + millis * 1_000_000L;
                long iters = 0;
                float sink = 0;
                while (System.nanoTime() < deadline) {
                    sink += chains(1_000_000);
                    iters += 1_000_000;
                }
                elapsed[id] = System.nanoTime() - start;
                flops.add(iters * 8.0 * F.length() * 2 + (sink == 42f ? 1 : 0));
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) th.join();
        long max = 0;
        for (long e : elapsed) max = Math.max(max, e);
        return flops.sum() / max;
    }

    private static float chains(int iters) {
        FloatVector m = FloatVector.broadcast(F, 0.999999f);
        FloatVector c = FloatVector.broadcast(F, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(F, 1f), a1 = a0.add(1), a2 = a0.add(2), a3 = a0.add(3);
        FloatVector a4 = a0.add(4), a5 = a0.add(5), a6 = a0.add(6), a7 = a0.add(7);
        for (int i = 0; i < iters; i++) {
            a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c);
            a4 = a4.fma(m, c); a5 = a5.fma(m, c); a6 = a6.fma(m, c); a7 = a7.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    public static void main(String[] args) throws InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("vector width %d bits (%d floats)%n", F.vectorBitSize(), F.length());
        System.out.printf("FMA peak, 1 thread : %.1f GFLOP/s%n", gflops(1, 1500));
        System.out.printf("FMA peak, %d threads: %.1f GFLOP/s%n", cores, gflops(cores, 1500));
    }
}
