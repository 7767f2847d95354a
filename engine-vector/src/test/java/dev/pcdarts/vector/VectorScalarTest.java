package dev.pcdarts.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.autograd.Autograd;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The vector kernels against their scalar twins: outputs and every input gradient. */
class VectorScalarTest {
    private static final VectorBackend VECTOR = new VectorBackend(2, true);
    private static final VectorBackend SCALAR = new VectorBackend(2, false);

    @TestFactory
    Stream<DynamicTest> everyOperator() {
        return OpCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> compare(c)));
    }

    private static void compare(OpCases.Case c) {
        List<Tensor> a = c.inputs(VECTOR, 3);
        List<Tensor> b = c.inputs(SCALAR, 3);
        Tensor oa = c.op().apply(a);
        Tensor ob = c.op().apply(b);
        close(c.name() + " output", oa.toArray(), ob.toArray());
        RandomStream rs = new RandomStream(5);
        float[] r = new float[oa.size()];
        for (int i = 0; i < r.length; i++) r[i] = rs.uniform(-1f, 1f);
        Autograd.backward(oa, Tensor.of(VECTOR, r, oa.shape()));
        Autograd.backward(ob, Tensor.of(SCALAR, r, ob.shape()));
        for (int t = 0; t < a.size(); t++) {
            Tensor ga = a.get(t).grad();
            Tensor gb = b.get(t).grad();
            assertEquals(ga == null, gb == null, c.name() + ": gradient presence of input " + t);
            if (ga != null) close(c.name() + " grad " + t, ga.toArray(), gb.toArray());
        }
    }

    static void close(String what, float[] x, float[] y) {
        assertEquals(x.length, y.length, what);
        for (int i = 0; i < x.length; i++) {
            assertTrue(Math.abs(x[i] - y[i]) <= 1e-5 + 1e-4 * Math.abs(y[i]), what + " [" + i + "]: vector " + x[i] + " scalar " + y[i]);
        }
    }
}
