package dev.pcdarts.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.backend.StepMemoryPlanner;
import dev.pcdarts.engine.ops.BatchNormOp;
import dev.pcdarts.engine.ops.Conv2dOp;
import dev.pcdarts.engine.ops.LinearOp;
import dev.pcdarts.engine.ops.LossOps;
import dev.pcdarts.engine.ops.PoolOps;
import dev.pcdarts.engine.ops.ReluOp;
import dev.pcdarts.engine.optim.Sgd;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The step memory plan: replayed steps give the same bits as plain allocation, a step of other
 * shapes falls back to plain allocation, and a tensor used after its memory was planned for
 * another one is an error.
 */
class StepMemoryPlannerTest {

    /** A small network with the search step's kinds of layers, trained by SGD on fixed data. */
    private static final class TinyNet {
        final Backend b;
        final Tensor w1, w2, fc, bias, gamma, beta, rm, rv;
        final Sgd sgd;

        TinyNet(Backend b) {
            this.b = b;
            RandomStream r = new RandomStream(5);
            w1 = param(b, r, 8, 3, 3, 3);
            w2 = param(b, r, 8, 1, 3, 3);
            fc = param(b, r, 4, 8);
            bias = param(b, r, 4);
            gamma = param(b, r, 8);
            beta = param(b, r, 8);
            rm = Tensor.zeros(b, 8);
            rv = Tensor.of(b, new float[] {1, 1, 1, 1, 1, 1, 1, 1}, 8);
            sgd = new Sgd(List.of(w1, w2, fc, bias, gamma, beta), 0.05f, 0.9f, 3e-4f);
        }

        static Tensor param(Backend b, RandomStream r, int... shape) {
            Tensor t = Tensor.zeros(b, shape);
            float[] v = new float[t.size()];
            for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian() * 0.3f;
            t.copyFrom(v);
            return t.requiresGrad(true);
        }

        /** One training step on a batch of n images; returns the loss. */
        float step(int n, int seed) {
            RandomStream r = new RandomStream(seed);
            float[] x = new float[n * 3 * 8 * 8];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            int[] y = new int[n];
            for (int i = 0; i < n; i++) y[i] = r.nextInt(4);
            sgd.zeroGrad();
            Tensor h = Conv2dOp.apply(Tensor.of(b, x, n, 3, 8, 8), w1, 1, 1, 1, 1);
            h = BatchNormOp.apply(h, gamma, beta, rm, rv, true, 0.1f, 1e-5f);
            h = ReluOp.apply(h);
            h = Conv2dOp.apply(h, w2, 2, 1, 1, 8);
            h = PoolOps.maxPool(h, 3, 1, 1);
            h = PoolOps.globalAvgPool(h);
            Tensor logits = LinearOp.apply(dev.pcdarts.engine.ops.ArithOps.reshape(h, n, 8), fc, bias);
            Tensor loss = LossOps.crossEntropy(logits, y, 0f);
            float v = loss.item();
            loss.backward();
            sgd.step();
            return v;
        }

        List<float[]> state() {
            List<float[]> s = new ArrayList<>();
            for (Tensor t : List.of(w1, w2, fc, bias, gamma, beta, rm, rv)) s.add(t.toArray());
            for (int i = 0; i < 6; i++) s.add(sgd.momentumBuffer(i).toArray());
            return s;
        }
    }

    private static VectorBackend backend(boolean plan) {
        String old = System.getProperty(StepMemoryPlanner.PROPERTY);
        System.setProperty(StepMemoryPlanner.PROPERTY, Boolean.toString(plan));
        try {
            return new VectorBackend(2, true);
        } finally {
            if (old == null) System.clearProperty(StepMemoryPlanner.PROPERTY);
            else System.setProperty(StepMemoryPlanner.PROPERTY, old);
        }
    }

    private static void assertSameState(TinyNet a, TinyNet b) {
        List<float[]> sa = a.state(), sb = b.state();
        for (int i = 0; i < sa.size(); i++) assertArrayEquals(sa.get(i), sb.get(i), 0f, "state tensor " + i);
    }

    @Test
    void replayedStepsGiveTheSameBitsAsPlainAllocation() {
        TinyNet planned = new TinyNet(backend(true));
        TinyNet plain = new TinyNet(backend(false));
        for (int s = 0; s < 8; s++) {
            planned.b.markStep();
            plain.b.markStep();
            assertEquals(plain.step(6, s), planned.step(6, s), 0f, "loss at step " + s);
        }
        assertSameState(planned, plain);
        Map<String, Object> st = planned.b.memoryStats();
        assertEquals(1L, st.get("plans"), st.toString());
        assertEquals(5L, st.get("replayed_steps"), st.toString()); // steps 4..8: one plain, two traced first
        assertEquals(0L, st.get("divergences"), st.toString());
        assertTrue((double) st.get("planned_mb") < (double) st.get("traced_mb"), "buffers are shared: " + st);
        assertTrue((double) st.get("peak_live_mb") <= (double) st.get("planned_mb"), st.toString());
        assertEquals(false, plain.b.memoryStats().get("enabled"));
    }

    @Test
    void aStepOfOtherShapesFallsBackToPlainAllocationAndTheNextOnesReplay() {
        TinyNet planned = new TinyNet(backend(true));
        TinyNet plain = new TinyNet(backend(false));
        int[] batch = {6, 6, 6, 6, 6, 3, 6, 6}; // a short batch, like the last one of an epoch
        for (int s = 0; s < batch.length; s++) {
            planned.b.markStep();
            plain.b.markStep();
            assertEquals(plain.step(batch[s], s), planned.step(batch[s], s), 0f, "loss at step " + s);
        }
        assertSameState(planned, plain);
        Map<String, Object> st = planned.b.memoryStats();
        assertEquals(1L, st.get("divergences"), st.toString());
        assertEquals(1L, st.get("plans"), "one step off the plan keeps it: " + st);
    }

    @Test
    void aStepThatChangesForGoodIsTracedAgain() {
        TinyNet planned = new TinyNet(backend(true));
        TinyNet plain = new TinyNet(backend(false));
        for (int s = 0; s < 12; s++) {
            int n = s < 5 ? 6 : 4;
            planned.b.markStep();
            plain.b.markStep();
            assertEquals(plain.step(n, s), planned.step(n, s), 0f, "loss at step " + s);
        }
        assertSameState(planned, plain);
        Map<String, Object> st = planned.b.memoryStats();
        assertEquals(2L, st.get("plans"), st.toString());
    }

    @Test
    void aTensorUsedAfterItsPlannedLifetimeIsAnError() {
        VectorBackend b = backend(true);
        Tensor kept = null;
        for (int s = 0; s < 5; s++) {
            b.markStep();
            Tensor t = Tensor.zeros(b, 16);
            b.fill(t, s);
            Tensor u = Tensor.zeros(b, 16);
            b.fill(u, 2 * s);
            if (s == 4) kept = t; // a replayed step's tensor, kept past the step
        }
        b.markStep();
        Tensor t = Tensor.zeros(b, 16); // takes the kept tensor's planned memory
        assertEquals(0f, t.data()[0]); // handed out zero-filled, like any allocation
        Tensor stale = kept;
        IllegalStateException e = assertThrows(IllegalStateException.class, stale::toArray);
        assertTrue(e.getMessage().contains(StepMemoryPlanner.PROPERTY + "=false"), e.getMessage());
    }
}
