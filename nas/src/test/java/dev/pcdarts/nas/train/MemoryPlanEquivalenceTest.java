package dev.pcdarts.nas.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.backend.StepMemoryPlanner;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.config.EvalConfig;
import dev.pcdarts.nas.config.SearchConfig;
import dev.pcdarts.nas.search.Relaxation;
import dev.pcdarts.vector.VectorBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The search and training loops give the same bits with the step memory plan as with plain
 * allocation, through the plan's hard cases: a short last batch every epoch, architecture steps
 * that start in the second epoch (a new kind of step), random channel sampling, drop-path and the
 * auxiliary head, and the validation pass at the end.
 */
class MemoryPlanEquivalenceTest {

    private static VectorBackend backend(boolean plan) {
        System.setProperty(StepMemoryPlanner.PROPERTY, Boolean.toString(plan));
        try {
            return new VectorBackend(2, true);
        } finally {
            System.clearProperty(StepMemoryPlanner.PROPERTY);
        }
    }

    private static List<float[]> values(Map<String, Tensor> m) {
        List<float[]> out = new ArrayList<>();
        m.values().forEach(t -> out.add(t.toArray()));
        return out;
    }

    private static void assertSame(List<float[]> a, List<float[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), 0f, "tensor " + i);
    }

    @Test
    void searchIsBitIdenticalWithThePlan() throws Exception {
        List<List<float[]>> states = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        Map<String, Object> stats = null;
        for (boolean plan : new boolean[] {false, true}) {
            VectorBackend b = backend(plan);
            SearchConfig cfg = new SearchConfig(3, 0.05, 0.0, 0.9, 3e-4, 5.0, 6e-3, 0.5, 0.999, 1e-3, 1, false, 4, 3, 4, 3,
                    new Relaxation(2, Relaxation.Mixing.SHUFFLE, true, true), 7);
            SearchTrainer t = new SearchTrainer(b, cfg, List.of());
            SearchTrainer.Result r = t.run(new SyntheticSource(1, 60, 4, 3, 8, 16), new SyntheticSource(2, 60, 4, 3, 8, 16), null);
            losses.add(r.last().trainLoss());
            List<float[]> s = values(t.network().namedParameters());
            s.addAll(values(t.network().archParameters()));
            s.addAll(values(t.network().namedBuffers()));
            states.add(s);
            stats = b.memoryStats();
        }
        assertEquals(losses.get(0), losses.get(1), 0.0);
        assertSame(states.get(0), states.get(1));
        assertTrue((long) stats.get("replayed_steps") >= 4 && (long) stats.get("divergences") >= 1, stats.toString());
    }

    @Test
    void trainingIsBitIdenticalWithThePlan() throws Exception {
        List<List<float[]>> states = new ArrayList<>();
        Map<String, Object> stats = null;
        for (boolean plan : new boolean[] {false, true}) {
            VectorBackend b = backend(plan);
            EvalConfig ec = new EvalConfig(3, 0.05, 0, 0.9, 3e-4, 5, true, 0.4, 0.2, 0, "cosine", 0, 4, 3, 4, false,
                    "PC_DARTS_cifar", 3, 3);
            EvalTrainer t = new EvalTrainer(b, ec, List.of());
            t.run(new SyntheticSource(1, 60, 4, 3, 32, 16), new SyntheticSource(2, 20, 4, 3, 32, 16), null); // the auxiliary head needs 32x32
            List<float[]> s = values(t.network().namedParameters());
            s.addAll(values(t.network().namedBuffers()));
            states.add(s);
            stats = b.memoryStats();
        }
        assertSame(states.get(0), states.get(1));
        assertTrue((long) stats.get("replayed_steps") >= 4, stats.toString());
    }
}
