package dev.pcdarts.bench;

import dev.pcdarts.engine.backend.ConvGeometry;
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

/** conv2d forward, backward-input and backward-weight on the search network's shapes. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ConvBenchmark {
    @Param({"dense3x3_3to48_32", "dw3x3_c4_32", "dw3x3_c16_8", "dw5x5_c4_32", "dw3x3_d2_c4_32", "dw5x5_d2_c4_32",
            "pw1x1_c4_32", "pw1x1_c16_8", "pw1x1_48to16_32", "pw1x1_256to64_8",
            "pw1x1_c36_32", "pw1x1_c144_8"})
    public String shape;

    @Param({"vector", "scalar"})
    public String kernels;

    private VectorBackend backend;
    private ConvGeometry g;
    private Tensor x;
    private Tensor w;
    private Tensor out;
    private Tensor gx;
    private Tensor gw;

    @Setup
    public void setup() {
        backend = new VectorBackend(Integer.getInteger("pcdarts.threads", Runtime.getRuntime().availableProcessors()), kernels.equals("vector"));
        g = KernelShapes.conv(shape).geometry();
        x = Data.random(backend, 1, g.n(), g.cin(), g.h(), g.w());
        w = Data.random(backend, 2, g.cout(), g.cin() / g.groups(), g.kh(), g.kw());
        out = Tensor.zeros(backend, g.outShape());
        gx = x.zerosLike();
        gw = w.zerosLike();
    }

    @Benchmark
    public Tensor forward() {
        backend.conv2d(x, w, out, g);
        return out;
    }

    @Benchmark
    public Tensor backwardInput() {
        backend.conv2dBackwardInput(out, w, gx, g);
        return gx;
    }

    @Benchmark
    public Tensor backwardWeight() {
        backend.conv2dBackwardWeight(x, out, gw, g);
        return gw;
    }
}
