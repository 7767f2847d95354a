package dev.pcdarts.nas.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.config.SearchConfig;
import dev.pcdarts.nas.search.Relaxation;
import dev.pcdarts.vector.VectorBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The search gives the same bits whether its nodes are recomputed in backward (the default: a
 * node keeps only its inputs) or keep their activations: weights, architecture parameters and
 * batch norm's running statistics (moved once per forward, not again by the recomputation), with
 * a deterministic shuffle, random channel sampling (its stream replayed) and the second-order
 * architecture step (several forward passes per step), and the node recomputation holds far less
 * memory.
 */
class RecomputedNodesTest {

    private static List<float[]> values(Map<String, Tensor> m) {
        List<float[]> out = new ArrayList<>();
        m.values().forEach(t -> out.add(t.toArray()));
        return out;
    }

    private record Run(double loss, List<float[]> state, double peakLiveMb) {}

    private static Run search(Relaxation relaxation, boolean secondOrder, boolean recompute) throws Exception {
        VectorBackend b = new VectorBackend(2, true);
        SearchConfig cfg = new SearchConfig(2, 0.05, 0.0, 0.9, 3e-4, 5.0, 6e-3, 0.5, 0.999, 1e-3, 0, secondOrder, 4, 3, 4, 3,
                relaxation, 11);
        SearchTrainer t = new SearchTrainer(b, cfg, List.of()).recomputeActivations(recompute);
        SearchTrainer.Result r = t.run(new SyntheticSource(1, 48, 4, 3, 8, 16), new SyntheticSource(2, 48, 4, 3, 8, 16), null);
        List<float[]> s = values(t.network().namedParameters());
        s.addAll(values(t.network().archParameters()));
        s.addAll(values(t.network().namedBuffers()));
        return new Run(r.last().trainLoss(), s, (double) b.memoryStats().get("peak_live_mb"));
    }

    private static void assertSameBits(Relaxation relaxation, boolean secondOrder) throws Exception {
        Run kept = search(relaxation, secondOrder, false);
        Run recomputed = search(relaxation, secondOrder, true);
        assertEquals(kept.loss(), recomputed.loss(), 0.0);
        assertEquals(kept.state().size(), recomputed.state().size());
        for (int i = 0; i < kept.state().size(); i++) {
            assertArrayEquals(kept.state().get(i), recomputed.state().get(i), 0f, relaxation + " tensor " + i);
        }
        assertTrue(recomputed.peakLiveMb() < 0.6 * kept.peakLiveMb(), recomputed.peakLiveMb() + " MB live vs " + kept.peakLiveMb());
    }

    @Test
    void partialChannelsWithShuffleAndEdgeNormalisation() throws Exception {
        assertSameBits(new Relaxation(2, Relaxation.Mixing.SHUFFLE, false, true), false);
    }

    @Test
    void randomChannelSamplingReplaysItsStream() throws Exception {
        assertSameBits(new Relaxation(2, Relaxation.Mixing.SHUFFLE, true, false), false);
    }

    @Test
    void dartsWithTheSecondOrderArchitectureStep() throws Exception {
        assertSameBits(Relaxation.DARTS, true);
    }
}
