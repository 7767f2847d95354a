package dev.pcdarts.bench;

import dev.pcdarts.engine.backend.PoolGeometry;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.vector.VectorBackend;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** batch_norm forward+backward (training) and the 3×3 pools, on search-network activations. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class NormPoolBenchmark {
    /** channels x spatial size, batch 64. */
    @Param({"4x32", "16x8", "64x32", "256x8"})
    public String shape;

    @Param({"vector", "scalar"})
    public String kernels;

    private VectorBackend b;
    private Tensor x, out, g, gx, gamma, beta, mean, invStd, rm, rv, ggamma, gbeta;
    private PoolGeometry pool;

    @Setup
    public void setup() {
        String[] p = shape.split("x");
        int c = Integer.parseInt(p[0]);
        int hw = Integer.parseInt(p[1]);
        b = new VectorBackend(Integer.getInteger("pcdarts.threads", Runtime.getRuntime().availableProcessors()), kernels.equals("vector"));
        x = Data.random(b, 1, KernelShapes.BATCH, c, hw, hw);
        g = Data.random(b, 2, KernelShapes.BATCH, c, hw, hw);
        out = x.zerosLike();
        gx = x.zerosLike();
        gamma = Data.random(b, 3, c);
        beta = Data.random(b, 4, c);
        mean = Tensor.zeros(b, c);
        invStd = Tensor.zeros(b, c);
        rm = Tensor.zeros(b, c);
        rv = Tensor.zeros(b, c);
        ggamma = Tensor.zeros(b, c);
        gbeta = Tensor.zeros(b, c);
        pool = PoolGeometry.of("bench", x.shape(), 3, 1, 1);
    }

    @Benchmark
    public Tensor batchNormForwardBackward() {
        b.batchNormTrain(x, gamma, beta, out, mean, invStd, rm, rv, 0.1f, 1e-5f);
        b.batchNormBackward(x, g, mean, invStd, gamma, true, gx, ggamma, gbeta);
        return gx;
    }

    @Benchmark
    public Tensor maxPoolForwardBackward() {
        b.maxPool(x, out, pool);
        b.maxPoolBackward(x, out, g, gx, pool);
        return gx;
    }

    @Benchmark
    public Tensor avgPoolForwardBackward() {
        b.avgPool(x, out, pool);
        b.avgPoolBackward(g, gx, pool);
        return gx;
    }
}
