package dev.pcdarts.vector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.autograd.Autograd;
import dev.pcdarts.engine.autograd.GradMode;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Finite-difference gradient check of every operator: the backward of L = Σ out·r (random r)
 * against central differences of L, computed in double from the float outputs.
 */
class GradCheckTest {
    private static final VectorBackend B = new VectorBackend(2, true);
    private static final float EPS = 1e-3f;

    @TestFactory
    Stream<DynamicTest> everyOperator() {
        return OpCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(OpCases.Case c) {
        List<Tensor> in = c.inputs(B, 7);
        Tensor out = c.op().apply(in);
        RandomStream rs = new RandomStream(11);
        float[] r = new float[out.size()];
        for (int i = 0; i < r.length; i++) r[i] = rs.uniform(-1f, 1f);
        Autograd.backward(out, Tensor.of(B, r, out.shape()));
        for (int t = 0; t < in.size(); t++) {
            Tensor x = in.get(t);
            float[] analytic = x.grad() == null ? new float[x.size()] : x.grad().toArray();
            float[] v = x.toArray();
            int step = Math.max(1, v.length / 40);
            for (int i = 0; i < v.length; i += step) {
                float orig = v[i];
                v[i] = orig + EPS;
                x.copyFrom(v);
                double plus = objective(c, in, r);
                v[i] = orig - EPS;
                x.copyFrom(v);
                double minus = objective(c, in, r);
                v[i] = orig;
                x.copyFrom(v);
                double numeric = (plus - minus) / (2 * EPS);
                double err = Math.abs(numeric - analytic[i]);
                assertTrue(err <= 5e-3 + 2e-2 * Math.abs(numeric),
                        c.name() + ": input " + t + " element " + i + ": analytic " + analytic[i] + " numeric " + numeric);
            }
        }
    }

    private static double objective(OpCases.Case c, List<Tensor> in, float[] r) {
        try (var s = GradMode.noGrad()) {
            float[] o = c.op().apply(in).toArray();
            double sum = 0;
            for (int i = 0; i < o.length; i++) sum += (double) o[i] * r[i];
            return sum;
        }
    }
}
