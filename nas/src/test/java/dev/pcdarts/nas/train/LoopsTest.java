package dev.pcdarts.nas.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.config.EvalConfig;
import dev.pcdarts.nas.config.SearchConfig;
import dev.pcdarts.nas.loop.DivergenceException;
import dev.pcdarts.nas.loop.Metrics;
import dev.pcdarts.nas.loop.RunInterruptedException;
import dev.pcdarts.nas.loop.TrainListener;
import dev.pcdarts.nas.search.Relaxation;
import dev.pcdarts.vector.VectorBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search and training loops end to end on synthetic data, and bit-identical resume. */
class LoopsTest {
    private final VectorBackend b = new VectorBackend(2, true);

    @TempDir
    Path dir;

    private static SearchConfig tinySearch(int epochs, Relaxation relaxation) {
        return new SearchConfig(epochs, 0.05, 0.0, 0.9, 3e-4, 5.0, 6e-3, 0.5, 0.999, 1e-3, 1, false, 4, 3, 4, 3, relaxation, 7);
    }

    /** Records the mean training loss of every epoch. */
    private static final class Losses implements TrainListener {
        final List<Double> perEpoch = new ArrayList<>();

        @Override
        public void onEpoch(EpochStats s) {
            perEpoch.add(s.trainLoss());
        }
    }

    @Test
    void searchThenTrainTheDerivedGenotypeBothLearn() throws IOException {
        SyntheticSource train = new SyntheticSource(1, 64, 4, 3, 8, 16);
        SyntheticSource val = new SyntheticSource(2, 64, 4, 3, 8, 16);
        Losses searchLosses = new Losses();
        SearchTrainer search = new SearchTrainer(b, tinySearch(5, Relaxation.PC_DARTS), List.of(searchLosses));
        float[] alphas0 = search.network().archParameters().get("alphas_normal").toArray();
        SearchTrainer.Result r = search.run(train, val, dir.resolve("search.safetensors"));
        assertTrue(searchLosses.perEpoch.getLast() < 0.8 * searchLosses.perEpoch.getFirst(), "search loss " + searchLosses.perEpoch);
        assertTrue(!java.util.Arrays.equals(alphas0, search.network().archParameters().get("alphas_normal").toArray()), "alphas moved");
        assertTrue(Double.isFinite(r.last().validTop1()), "the final validation ran");

        Losses trainLosses = new Losses();
        EvalConfig ec = new EvalConfig(4, 0.05, 0, 0.9, 3e-4, 5, false, 0.4, 0.2, 0, "cosine", 0, 4, 3, 4, false,
                r.genotype().toJson(), 3, 3);
        EvalTrainer trainer = new EvalTrainer(b, ec, List.of(trainLosses));
        TrainListener.EpochStats last = trainer.run(train, val, dir.resolve("train.safetensors"));
        assertTrue(trainLosses.perEpoch.getLast() < 0.8 * trainLosses.perEpoch.getFirst(), "train loss " + trainLosses.perEpoch);
        assertTrue(last.validTop1() > 25, "better than chance on 4 classes: " + last.validTop1());
    }

    private static List<float[]> state(SearchTrainer t) {
        List<float[]> out = new ArrayList<>();
        t.network().namedParameters().values().forEach(p -> out.add(p.toArray()));
        t.network().archParameters().values().forEach(p -> out.add(p.toArray()));
        t.network().namedBuffers().values().forEach(p -> out.add(p.toArray()));
        return out;
    }

    @Test
    void resumedSearchIsBitIdentical() throws IOException {
        // Random channel sampling too, so the sampler's state must travel in the checkpoint.
        Relaxation rel = new Relaxation(2, Relaxation.Mixing.SHUFFLE, true, true);
        SyntheticSource train = new SyntheticSource(1, 32, 4, 3, 8, 16);
        SyntheticSource val = new SyntheticSource(2, 32, 4, 3, 8, 16);
        SearchTrainer whole = new SearchTrainer(b, tinySearch(3, rel), List.of());
        SearchTrainer.Result expected = whole.run(train, val, null);

        Path ck = dir.resolve("ck.safetensors");
        SearchTrainer first = new SearchTrainer(b, tinySearch(3, rel), List.of(new TrainListener() {
            @Override
            public void onCheckpoint(Path file, int nextEpoch) {
                if (nextEpoch == 2) throw new IllegalStateException("stop after epoch 1");
            }
        }));
        assertThrows(IllegalStateException.class, () -> first.run(train, val, ck));
        SearchTrainer resumed = new SearchTrainer(b, tinySearch(3, rel), List.of());
        resumed.resume(ck);
        assertEquals(2, resumed.nextEpoch());
        SearchTrainer.Result got = resumed.run(train, val, ck);
        assertEquals(expected.genotype(), got.genotype());
        List<float[]> a = state(whole);
        List<float[]> c = state(resumed);
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), c.get(i), "tensor " + i);
    }

    @Test
    void stopInsideAnEpochSavesAndResumesBitIdentically() throws IOException {
        SyntheticSource train = new SyntheticSource(1, 48, 4, 3, 8, 16);
        SyntheticSource val = new SyntheticSource(2, 32, 4, 3, 8, 16);
        SearchTrainer whole = new SearchTrainer(b, tinySearch(2, Relaxation.PC_DARTS), List.of());
        SearchTrainer.Result expected = whole.run(train, val, null);

        Path ck = dir.resolve("mid.safetensors");
        SearchTrainer first = new SearchTrainer(b, tinySearch(2, Relaxation.PC_DARTS), List.of());
        int[] steps = {0};
        first.setStopRequested(() -> ++steps[0] == 4); // after the first step of epoch 1
        RunInterruptedException stop = assertThrows(RunInterruptedException.class, () -> first.run(train, val, ck));
        assertEquals(ck, stop.checkpoint());
        SearchTrainer resumed = new SearchTrainer(b, tinySearch(2, Relaxation.PC_DARTS), List.of());
        resumed.resume(ck);
        assertEquals(1, resumed.nextEpoch());
        SearchTrainer.Result got = resumed.run(train, val, ck);
        assertEquals(expected.genotype(), got.genotype());
        assertEquals(expected.last().trainLoss(), got.last().trainLoss(), 1e-9);
        List<float[]> a = state(whole);
        List<float[]> c = state(resumed);
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), c.get(i), "tensor " + i);
    }

    @Test
    void checkpointOfAnotherConfigurationIsRefused() throws IOException {
        Path ck = dir.resolve("other.safetensors");
        new SearchTrainer(b, tinySearch(2, Relaxation.PC_DARTS), List.of()).save(ck);
        SearchTrainer other = new SearchTrainer(b, new SearchConfig(2, 0.05, 0.0, 0.9, 3e-4, 5.0, 6e-3, 0.5, 0.999, 1e-3, 1, false,
                8, 3, 4, 3, Relaxation.PC_DARTS, 7), List.of());
        IOException e = assertThrows(IOException.class, () -> other.resume(ck));
        assertTrue(e.getMessage().contains("another configuration") && e.getMessage().contains("\"init_channels\":8"), e.getMessage());
        EvalTrainer t = new EvalTrainer(b, EvalConfig.paperCifar(), List.of());
        IOException k = assertThrows(IOException.class, () -> t.resume(ck));
        assertTrue(k.getMessage().contains("a search checkpoint, not a train checkpoint"), k.getMessage());
    }

    @Test
    void divergenceStopsWithAClearMessage() {
        SyntheticSource train = new SyntheticSource(1, 16, 4, 3, 8, 16);
        SearchTrainer t = new SearchTrainer(b, tinySearch(1, Relaxation.PC_DARTS), List.of());
        Tensor w = t.network().namedParameters().get("classifier.weight");
        float[] v = w.toArray();
        v[0] = Float.NaN;
        w.copyFrom(v);
        DivergenceException e = assertThrows(DivergenceException.class, () -> t.run(train, train, null));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void aNonFiniteLogitIsNeverCorrect() {
        float nan = Float.NaN;
        // row 0: NaN beside the target; row 1: a NaN target; row 2: +Inf; row 3: finite and right
        float[] logits = {1f, nan, 0f, nan, 2f, 1f, Float.POSITIVE_INFINITY, 0f, 0f, 0f, 3f, 1f};
        int[] targets = {0, 0, 0, 1};
        assertEquals(1, Metrics.correctTopK(logits, targets, 3, 1));
        assertEquals(1, Metrics.correctTopK(logits, targets, 3, 3));
    }

    private static List<float[]> state(EvalTrainer t) {
        List<float[]> out = new ArrayList<>();
        t.network().namedParameters().values().forEach(p -> out.add(p.toArray()));
        t.network().namedBuffers().values().forEach(p -> out.add(p.toArray()));
        return out;
    }

    @Test
    void trainingStoppedInsideAnEpochResumesBitIdentically() throws IOException {
        SyntheticSource train = new SyntheticSource(1, 48, 4, 3, 8, 16);
        SyntheticSource val = new SyntheticSource(2, 16, 4, 3, 8, 16);
        // drop path on: its draws inside the epoch must continue where they stopped
        EvalConfig ec = new EvalConfig(2, 0.05, 0, 0.9, 3e-4, 5, false, 0.4, 0.3, 0, "cosine", 0, 4, 3, 4, false, "PC_DARTS_cifar", 3, 3);
        EvalTrainer whole = new EvalTrainer(b, ec, List.of());
        TrainListener.EpochStats expected = whole.run(train, val, null);

        Path ck = dir.resolve("train-mid.safetensors");
        EvalTrainer first = new EvalTrainer(b, ec, List.of());
        int[] steps = {0};
        first.setStopRequested(() -> ++steps[0] == 5); // the second step of epoch 1
        assertThrows(RunInterruptedException.class, () -> first.run(train, val, ck));
        EvalTrainer resumed = new EvalTrainer(b, ec, List.of());
        resumed.resume(ck);
        assertEquals(1, resumed.nextEpoch());
        TrainListener.EpochStats got = resumed.run(train, val, ck);
        assertEquals(expected.trainLoss(), got.trainLoss());
        assertEquals(expected.validTop1(), got.validTop1());
        List<float[]> a = state(whole);
        List<float[]> c = state(resumed);
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), c.get(i), "tensor " + i);
    }

    @Test
    void aStopDuringAnEpochsLastStepEndsThatEpochAndRunsNoStepOfTheNext() throws IOException {
        SyntheticSource train = new SyntheticSource(1, 48, 4, 3, 8, 16);
        List<TrainListener.StepStats> seen = new ArrayList<>();
        SearchTrainer t = new SearchTrainer(b, tinySearch(2, Relaxation.PC_DARTS), List.of(new TrainListener() {
            @Override
            public void onStep(StepStats s) {
                seen.add(s);
            }
        }));
        t.setStopRequested(() -> seen.size() == train.batchesPerEpoch()); // asked during epoch 0's last step
        Path ck = dir.resolve("end.safetensors");
        assertThrows(RunInterruptedException.class, () -> t.run(train, train, ck));
        assertEquals(train.batchesPerEpoch(), seen.size());
        assertTrue(seen.stream().allMatch(s -> s.epoch() == 0), "no step of epoch 1 ran");
        SearchTrainer resumed = new SearchTrainer(b, tinySearch(2, Relaxation.PC_DARTS), List.of());
        resumed.resume(ck);
        assertEquals(1, resumed.nextEpoch());
    }
}
