package dev.pcdarts.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.config.EvalConfig;
import dev.pcdarts.nas.config.SearchConfig;
import dev.pcdarts.nas.loop.ReplicaGroup;
import dev.pcdarts.nas.search.Relaxation;
import dev.pcdarts.nas.train.EvalTrainer;
import dev.pcdarts.nas.train.SearchTrainer;
import dev.pcdarts.nas.train.SyntheticSource;
import dev.pcdarts.vector.VectorBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas as threads joined by a loopback ring: 2 replicas of a tiny search and a tiny training
 * end with the same bits on both ranks and from run to run, and 1 replica is the plain run.
 */
class ReplicatedLoopsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** Random channel sampling, so the replicas' samplers must stay in step too. */
    static SearchConfig tinySearch() {
        Relaxation rel = new Relaxation(2, Relaxation.Mixing.SHUFFLE, true, true);
        return new SearchConfig(2, 0.05, 0.0, 0.9, 3e-4, 5.0, 6e-3, 0.5, 0.999, 1e-3, 0, false, 4, 3, 4, 3, rel, 7);
    }

    static EvalConfig tinyTrain() {
        return new EvalConfig(2, 0.05, 0, 0.9, 3e-4, 5, false, 0.4, 0.2, 0, "cosine", 0, 4, 3, 4, false, "PC_DARTS_cifar", 3, 3);
    }

    /** 35 images in batches of 16: the last batch of 3 splits unevenly (1 and 2 images). */
    static SyntheticSource train() {
        return new SyntheticSource(1, 35, 4, 3, 8, 16);
    }

    static SyntheticSource val() {
        return new SyntheticSource(2, 35, 4, 3, 8, 16);
    }

    /** What a replica ends with: every parameter, architecture parameter and buffer, and the genotype. */
    record Outcome(List<float[]> params, List<float[]> buffers, String genotype, byte[] checkpoint) {}

    static List<float[]> values(Map<String, Tensor> m) {
        List<float[]> out = new ArrayList<>();
        m.values().forEach(t -> out.add(t.toArray()));
        return out;
    }

    Outcome search(ReplicaGroup group, String name) throws Exception {
        return searchIn(group, dir.resolve(name));
    }

    Outcome training(ReplicaGroup group, String name) throws Exception {
        return trainingIn(group, dir.resolve(name));
    }

    /** The search as one replica of group (null: the plain run), its checkpoint written to {@code base}.safetensors by rank 0. */
    Outcome searchIn(ReplicaGroup group, Path base) throws Exception {
        SearchTrainer t = new SearchTrainer(new VectorBackend(1, true), tinySearch(), List.of());
        if (group != null) t.replicas(group);
        Path ck = group == null || group.rank() == 0 ? Path.of(base + ".safetensors") : null;
        SearchTrainer.Result r = t.run(train(), val(), ck);
        List<float[]> params = values(t.network().namedParameters());
        params.addAll(values(t.network().archParameters()));
        return new Outcome(params, values(t.network().namedBuffers()), r.genotype().toReferenceString(),
                ck == null ? null : Files.readAllBytes(ck));
    }

    Outcome trainingIn(ReplicaGroup group, Path base) throws Exception {
        EvalTrainer t = new EvalTrainer(new VectorBackend(1, true), tinyTrain(), List.of());
        if (group != null) t.replicas(group);
        Path ck = group == null || group.rank() == 0 ? Path.of(base + ".safetensors") : null;
        t.run(train(), val(), ck);
        return new Outcome(values(t.network().namedParameters()), values(t.network().namedBuffers()), "",
                ck == null ? null : Files.readAllBytes(ck));
    }

    static void assertSameBits(List<float[]> a, List<float[]> b, String what) {
        assertEquals(a.size(), b.size(), what);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), what + " tensor " + i); // assertArrayEquals on float[] compares bits via floatToIntBits
        }
    }

    static boolean sameBits(List<float[]> a, List<float[]> b) {
        for (int i = 0; i < a.size(); i++) if (!Arrays.equals(a.get(i), b.get(i))) return false;
        return true;
    }

    @Test
    void twoReplicaSearchKeepsBothRanksIdenticalAndRepeats() throws Exception {
        List<Outcome> first = LocalReplicas.run(2, TIMEOUT, g -> search(g, "a"));
        List<Outcome> second = LocalReplicas.run(2, TIMEOUT, g -> search(g, "b"));
        assertSameBits(first.get(0).params(), first.get(1).params(), "rank 0 against rank 1");
        assertEquals(first.get(0).genotype(), first.get(1).genotype());
        assertSameBits(first.get(0).params(), second.get(0).params(), "run against rerun");
        assertSameBits(first.get(0).buffers(), second.get(0).buffers(), "buffers, run against rerun");
        assertArrayEquals(first.get(0).checkpoint(), second.get(0).checkpoint(), "rank 0's checkpoint, run against rerun");
        // the shards really differ: batch-norm statistics are per replica
        assertFalse(sameBits(first.get(0).buffers(), first.get(1).buffers()), "each replica saw its own shard");
        // and the replicas are not the plain run (they averaged gradients of halves)
        Outcome plain = search(null, "plain");
        assertFalse(sameBits(plain.params(), first.get(0).params()), "two replicas differ from one process");
    }

    @Test
    void twoReplicaTrainingKeepsBothRanksIdenticalAndRepeats() throws Exception {
        List<Outcome> first = LocalReplicas.run(2, TIMEOUT, g -> training(g, "a"));
        List<Outcome> second = LocalReplicas.run(2, TIMEOUT, g -> training(g, "b"));
        assertSameBits(first.get(0).params(), first.get(1).params(), "rank 0 against rank 1");
        assertSameBits(first.get(0).params(), second.get(0).params(), "run against rerun");
        assertArrayEquals(first.get(0).checkpoint(), second.get(0).checkpoint(), "rank 0's checkpoint, run against rerun");
        assertFalse(sameBits(first.get(0).buffers(), first.get(1).buffers()), "each replica saw its own shard");
    }

    @Test
    void oneReplicaIsThePlainRunBitForBit() throws Exception {
        Outcome plainSearch = search(null, "plain-search");
        Outcome ringSearch = LocalReplicas.run(1, TIMEOUT, g -> search(g, "ring-search")).getFirst();
        assertSameBits(plainSearch.params(), ringSearch.params(), "search parameters");
        assertSameBits(plainSearch.buffers(), ringSearch.buffers(), "search buffers");
        assertArrayEquals(plainSearch.checkpoint(), ringSearch.checkpoint(), "search checkpoint");
        Outcome plainTrain = training(null, "plain-train");
        Outcome ringTrain = LocalReplicas.run(1, TIMEOUT, g -> training(g, "ring-train")).getFirst();
        assertArrayEquals(plainTrain.checkpoint(), ringTrain.checkpoint(), "training checkpoint");
    }

    @Test
    void secondOrderSearchIsRefusedOnReplicas() throws Exception {
        SearchConfig c = tinySearch();
        SearchConfig second = new SearchConfig(c.epochs(), c.lr(), c.lrMin(), c.momentum(), c.weightDecay(), c.gradClip(), c.archLr(),
                c.archBeta1(), c.archBeta2(), c.archWeightDecay(), c.beginEpoch(), true, c.initChannels(), c.layers(), c.classes(),
                c.inChannels(), c.relaxation(), c.seed());
        List<String> messages = LocalReplicas.run(2, TIMEOUT, g -> {
            SearchTrainer t = new SearchTrainer(new VectorBackend(1, true), second, List.of());
            return assertThrows(IllegalArgumentException.class, () -> t.replicas(g)).getMessage();
        });
        assertTrue(messages.getFirst().contains("first order only"), messages.getFirst());
    }
}
