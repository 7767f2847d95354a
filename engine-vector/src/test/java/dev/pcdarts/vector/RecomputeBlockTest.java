package dev.pcdarts.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.pcdarts.engine.autograd.Autograd;
import dev.pcdarts.engine.autograd.GradMode;
import dev.pcdarts.engine.autograd.Recompute;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.nn.BatchNorm2d;
import dev.pcdarts.engine.nn.Conv2d;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.nn.Relu;
import dev.pcdarts.engine.nn.Sequential;
import dev.pcdarts.engine.ops.ArithOps;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A recomputed block gives the same output, input and parameter gradients and running statistics
 * as the same function recorded directly, draws the same random numbers in its second run, keeps
 * its inputs' own histories, and is the plain function outside recording.
 */
class RecomputeBlockTest {
    private static final Backend B = new VectorBackend(2, true);

    private static Tensor input(long seed, int... shape) {
        RandomStream r = new RandomStream(seed);
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return Tensor.of(B, v, shape);
    }

    /** conv-BN of in[0] plus a random multiple of in[1] (drawn from {@code stream}), weighted by w[1]. */
    private static Function<List<Tensor>, Tensor> function(Sequential unit, RandomStream stream) {
        return in -> {
            float s = stream.nextFloat() + 0.5f;
            Tensor a = unit.forward(in.get(0));
            Tensor b = ArithOps.scale(in.get(1), s);
            return ArithOps.weightedSum(in.get(2), new int[] {0, 1}, List.of(a, b));
        };
    }

    private static Sequential unit() {
        Init init = new Init(B, new RandomStream(5));
        return new Sequential(new Relu(), new Conv2d(init, 3, 3, 3, 1, 1, 1, 1), new BatchNorm2d(init, 3, true));
    }

    private record Outcome(List<float[]> values, long streamState) {}

    private static Outcome run(boolean block) {
        Sequential unit = unit();
        RandomStream stream = new RandomStream(9);
        Tensor x = input(1, 4, 3, 6, 6).requiresGrad(true);
        Tensor z = input(2, 4, 3, 6, 6).requiresGrad(true);
        Tensor w = Tensor.of(B, new float[] {0.7f, -1.3f}, 2).requiresGrad(true);
        // the inputs come out of recorded operators, as a cell's states do
        List<Tensor> in = List.of(ArithOps.scale(x, 2f), ArithOps.scale(z, 1f), ArithOps.scale(w, 1f));
        Function<List<Tensor>, Tensor> f = function(unit, stream);
        Tensor y = block ? Recompute.block("test_block", f, in, stream) : f.apply(in);
        if (block) assertEquals("test_block", y.gradFn().name());
        long afterForward = stream.state();
        Autograd.backward(y, input(3, y.shape()));
        assertEquals(afterForward, stream.state(), "the second run leaves the stream where the first left it");
        List<float[]> out = new ArrayList<>(List.of(y.toArray(), x.grad().toArray(), z.grad().toArray(), w.grad().toArray()));
        for (Tensor p : unit.namedParameters().values()) out.add(p.grad().toArray());
        for (Map.Entry<String, Tensor> e : unit.namedBuffers().entrySet()) out.add(e.getValue().toArray());
        return new Outcome(out, stream.state());
    }

    @Test
    void blockIsBitIdenticalToRecordingDirectly() {
        Outcome direct = run(false), block = run(true);
        assertEquals(direct.values().size(), block.values().size());
        for (int i = 0; i < direct.values().size(); i++) assertArrayEquals(direct.values().get(i), block.values().get(i), 0f, "value " + i);
        assertEquals(direct.streamState(), block.streamState());
    }

    @Test
    void anInputPassedThroughKeepsItsOwnHistory() {
        Tensor x = input(4, 2, 3).requiresGrad(true);
        Tensor h = ArithOps.scale(x, 3f);
        var fn = h.gradFn();
        Tensor y = Recompute.block("pass", in -> in.get(0), List.of(h));
        assertSame(fn, h.gradFn());
        Autograd.backward(y, input(5, 2, 3));
        float[] g = input(5, 2, 3).toArray();
        for (int i = 0; i < g.length; i++) g[i] *= 3f;
        assertArrayEquals(g, x.grad().toArray(), 0f);
    }

    @Test
    void withoutRecordingItIsThePlainFunction() {
        Tensor x = input(6, 2, 3).requiresGrad(true);
        try (var s = GradMode.noGrad()) {
            Tensor y = Recompute.block("plain", in -> ArithOps.scale(in.get(0), 2f), List.of(x));
            assertNull(y.gradFn());
            assertEquals(2 * x.toArray()[1], y.toArray()[1], 0f);
        }
    }
}
