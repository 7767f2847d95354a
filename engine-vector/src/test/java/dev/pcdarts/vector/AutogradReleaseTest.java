package dev.pcdarts.vector;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.ops.ArithOps;
import dev.pcdarts.engine.ops.LossOps;
import dev.pcdarts.engine.ops.ReluOp;
import dev.pcdarts.engine.tensor.Tensor;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/**
 * The graph keeps only what backward reads: a forward tensor no backward needs can be collected
 * while the loss is still held, and a graph walked once refuses a second walk with a clear error.
 */
class AutogradReleaseTest {
    private static final Backend B = new VectorBackend(1, true);

    @Test
    void aForwardTensorNoBackwardReadsIsNotKeptByTheGraph() {
        Tensor x = Tensor.of(B, new float[] {1, -2, 3, -4}, 1, 4).requiresGrad(true);
        Tensor doubled = ArithOps.scale(x, 2f); // scale's backward needs only the factor
        WeakReference<Tensor> ref = new WeakReference<>(doubled);
        Tensor loss = LossOps.crossEntropy(ReluOp.apply(doubled), new int[] {2}, 0f);
        doubled = null;
        for (int i = 0; i < 10 && ref.get() != null; i++) System.gc();
        assertNull(ref.get(), "the scaled tensor is still reachable from the loss's graph");
        loss.backward();
        assertNotNull(x.grad());
    }

    @Test
    void aSecondBackwardThroughTheSameGraphIsAClearError() {
        Tensor x = Tensor.of(B, new float[] {1, -2, 3, -4}, 1, 4).requiresGrad(true);
        Tensor loss = LossOps.crossEntropy(ReluOp.apply(ArithOps.scale(x, 2f)), new int[] {2}, 0f);
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
    }
}
