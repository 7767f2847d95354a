package dev.pcdarts.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.pcdarts.engine.autograd.Autograd;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.ops.ArithOps;
import dev.pcdarts.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Autograd adds the third and later gradient contributions into a sum it owns, in place. The
 * gradients must stay exact where contributions alias each other (add hands its upstream
 * gradient to both inputs) and the caller's upstream gradient must never be written.
 */
class GradientAccumulationTest {
    private static final Backend B = new VectorBackend(2, true);

    @Test
    void manyContributionsThroughAliasingOpsSumExactly() {
        Tensor x = Tensor.of(B, new float[] {1, -2, 3, 0.5f, 7}, 5).requiresGrad(true);
        Tensor a = ArithOps.add(x, x); // one node, the same gradient object for both inputs
        Tensor b = ArithOps.add(a, x);
        Tensor c = ArithOps.scale(x, 2f);
        Tensor d = ArithOps.add(ArithOps.add(b, c), ArithOps.add(a, a)); // a's gradient is itself a sum, then aliased
        float[] up = {1, 2, 3, 4, 5};
        Tensor gradRoot = Tensor.of(B, up, 5);
        Autograd.backward(d, gradRoot);
        // d = (2x + x + 2x) + (2x + 2x) = 9x
        float[] expect = new float[5];
        for (int i = 0; i < 5; i++) expect[i] = 9 * up[i];
        assertArrayEquals(expect, x.grad().data(), 0f);
        assertArrayEquals(up, gradRoot.data(), 0f, "the caller's upstream gradient was modified");
    }
}
