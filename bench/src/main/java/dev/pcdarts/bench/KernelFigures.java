package dev.pcdarts.bench;

import dev.pcdarts.engine.backend.ConvGeometry;
import dev.pcdarts.engine.backend.PoolGeometry;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.vector.FmaProbe;
import dev.pcdarts.vector.VectorBackend;
import java.util.Arrays;

/**
 * A quick report of kernel throughput beside the machine's FMA peak, as a markdown table for
 * bench/README.md. JMH ({@link ConvBenchmark}, {@link NormPoolBenchmark}) gives the careful
 * numbers; this gives all of them in one short run, every ratio taken in the same process.
 */
public final class KernelFigures {
    private KernelFigures() {}

    /**
     * Median of {@code runs} timings after warming up for at least {@code warmup} calls and 300 ms:
     * Vector API code runs boxed, far slower, until C2 has compiled it, which a handful of calls
     * does not reach.
     */
    private static double medianMillis(Runnable r, int warmup, int runs) {
        long until = System.nanoTime() + 300_000_000L;
        for (int i = 0; i < warmup || System.nanoTime() < until; i++) r.run();
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(t);
        return t[runs / 2];
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = Integer.getInteger("pcdarts.threads", Runtime.getRuntime().availableProcessors());
        VectorBackend vb = new VectorBackend(threads, true);
        VectorBackend sb = new VectorBackend(threads, false);
        double peak = FmaProbe.gflops(threads, 1500);
        System.out.printf("%s; FMA peak %.1f GFLOP/s on %d threads%n%n", vb.describe(), peak, threads);
        System.out.println("| conv (batch 64) | pass | vector ms | GFLOP/s | % of peak | scalar ms | vector speed-up |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        for (KernelShapes.Conv c : KernelShapes.convs()) {
            ConvGeometry g = c.geometry();
            for (String pass : new String[] {"forward", "backward-input", "backward-weight"}) {
                double[] ms = new double[2];
                VectorBackend[] bs = {vb, sb};
                for (int k = 0; k < 2; k++) {
                    VectorBackend b = bs[k];
                    Tensor x = Data.random(b, 1, g.n(), g.cin(), g.h(), g.w());
                    Tensor w = Data.random(b, 2, g.cout(), g.cin() / g.groups(), g.kh(), g.kw());
                    Tensor out = Data.random(b, 3, g.outShape());
                    Tensor gx = x.zerosLike();
                    Tensor gw = w.zerosLike();
                    Runnable r = switch (pass) {
                        case "forward" -> () -> b.conv2d(x, w, out, g);
                        case "backward-input" -> () -> b.conv2dBackwardInput(out, w, gx, g);
                        default -> () -> b.conv2dBackwardWeight(x, out, gw, g);
                    };
                    ms[k] = medianMillis(r, 10, 15);
                }
                double gf = c.flops() / (ms[0] * 1e6);
                System.out.printf("| %s | %s | %.2f | %.1f | %.0f%% | %.2f | %.1fx |%n", c.name(), pass, ms[0], gf, 100 * gf / peak, ms[1], ms[1] / ms[0]);
            }
        }
        System.out.println();
        System.out.println("| batch 64 | op (forward+backward) | vector ms | GB/s | scalar ms | vector speed-up |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        for (String shape : new String[] {"4x32", "16x8", "64x32", "256x8"}) {
            String[] p = shape.split("x");
            int c = Integer.parseInt(p[0]);
            int hw = Integer.parseInt(p[1]);
            for (String op : new String[] {"batch_norm", "max_pool_3x3", "avg_pool_3x3"}) {
                double[] ms = new double[2];
                VectorBackend[] bs = {vb, sb};
                for (int k = 0; k < 2; k++) {
                    VectorBackend b = bs[k];
                    Tensor x = Data.random(b, 1, KernelShapes.BATCH, c, hw, hw);
                    Tensor g = Data.random(b, 2, KernelShapes.BATCH, c, hw, hw);
                    Tensor out = x.zerosLike();
                    Tensor gx = x.zerosLike();
                    Tensor gamma = Data.random(b, 3, c), beta = Data.random(b, 4, c);
                    Tensor mean = Tensor.zeros(b, c), is = Tensor.zeros(b, c), rm = Tensor.zeros(b, c), rv = Tensor.zeros(b, c);
                    Tensor gg = Tensor.zeros(b, c), gbt = Tensor.zeros(b, c);
                    PoolGeometry pg = PoolGeometry.of("pool", x.shape(), 3, 1, 1);
                    Runnable r = switch (op) {
                        case "batch_norm" -> () -> {
                            b.batchNormTrain(x, gamma, beta, out, mean, is, rm, rv, 0.1f, 1e-5f);
                            b.batchNormBackward(x, g, mean, is, gamma, true, gx, gg, gbt);
                        };
                        case "max_pool_3x3" -> () -> {
                            b.maxPool(x, out, pg);
                            b.maxPoolBackward(x, out, g, gx, pg);
                        };
                        default -> () -> {
                            b.avgPool(x, out, pg);
                            b.avgPoolBackward(g, gx, pg);
                        };
                    };
                    ms[k] = medianMillis(r, 10, 15);
                }
                // Compulsory traffic: forward reads x and writes out, backward reads x (or out) and g and writes gx.
                double bytes = 4.0 * KernelShapes.BATCH * c * hw * hw * 5;
                System.out.printf("| %s | %s | %.2f | %.1f | %.2f | %.1fx |%n", shape, op, ms[0], bytes / (ms[0] * 1e6), ms[1], ms[1] / ms[0]);
            }
        }
    }
}
