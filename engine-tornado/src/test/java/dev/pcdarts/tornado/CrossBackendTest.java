package dev.pcdarts.tornado;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.rng.Rng;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.config.SearchConfig;
import dev.pcdarts.nas.loop.Checkpoint;
import dev.pcdarts.nas.loop.HostBatch;
import dev.pcdarts.nas.search.Relaxation;
import dev.pcdarts.nas.search.SearchNetwork;
import dev.pcdarts.nas.train.SearchTrainer;
import dev.pcdarts.vector.VectorBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Tornado backend against the Vector API one on whole networks: checkpoints move between them
 * both ways, a seeded search is bit-identical from run to run on tornado, and after five search
 * steps its weights agree with the vector backend's within the search-step golden tolerance.
 */
class CrossBackendTest {
    /** The golden search-step cases' tolerance (golden/reference/search__search_step_first_order.json). */
    private static final double ATOL = 5e-4, RTOL = 5e-3;
    private static final Backend TORNADO = SharedTornado.BACKEND;
    private static final Backend VECTOR = new VectorBackend(2, true);

    @TempDir
    Path dir;

    private static SearchNetwork network(Backend b, long seed) {
        Rng rng = new Rng(seed);
        return new SearchNetwork(new Init(b, rng.stream("init")), rng.stream("arch"), rng.stream("ch"),
                SearchNetwork.Config.cifar(4, 10, 3, new Relaxation(2, Relaxation.Mixing.SHUFFLE, false, true)));
    }

    @Test
    void checkpointsMoveBetweenTheBackendsBothWays() throws Exception {
        for (Backend[] pair : new Backend[][] {{VECTOR, TORNADO}, {TORNADO, VECTOR}}) {
            SearchNetwork from = network(pair[0], 1), to = network(pair[1], 2);
            Path f = dir.resolve(pair[0].name() + "-to-" + pair[1].name() + ".safetensors");
            Map<String, Tensor> saved = Checkpoint.moduleState(from);
            Checkpoint.save(f, "search", "{}", saved, Map.of());
            Map<String, Tensor> loaded = Checkpoint.moduleState(to);
            Checkpoint.load(f, "search", "{}", loaded, Map.of());
            assertEquals(saved.keySet(), loaded.keySet());
            for (String k : saved.keySet()) assertArrayEquals(saved.get(k).toArray(), loaded.get(k).toArray(), k);
            Files.delete(f);
        }
    }

    @Test
    void aSeededSearchRepeatsItsBitsAndAgreesWithTheVectorBackend() {
        List<float[]> first = search(TORNADO), second = search(TORNADO), vector = search(VECTOR);
        for (int i = 0; i < first.size(); i++) assertArrayEquals(first.get(i), second.get(i), "tensor " + i + " differs between two runs");
        for (int i = 0; i < first.size(); i++) {
            float[] t = first.get(i), v = vector.get(i);
            for (int k = 0; k < t.length; k++) {
                assertTrue(Math.abs(t[k] - v[k]) <= ATOL + RTOL * Math.abs(v[k]),
                        "tensor " + i + "[" + k + "]: tornado " + t[k] + ", vector " + v[k]);
            }
        }
    }

    /** Every parameter and buffer after five search steps (both passes) of a small network. */
    private static List<float[]> search(Backend b) {
        SearchConfig paper = SearchConfig.paper();
        SearchConfig cfg = paper.withNetwork(4, 3);
        SearchTrainer t = new SearchTrainer(b, cfg, List.of());
        RandomStream r = new RandomStream(3);
        float[] x = new float[2 * 3 * 16 * 16];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        HostBatch data = new HostBatch(x, new int[] {3, 8}, 2, 3, 16, 16);
        for (int s = 0; s < 5; s++) t.stepOnce(data, data, cfg.beginEpoch());
        List<float[]> out = new ArrayList<>();
        for (Tensor p : Checkpoint.moduleState(t.network()).values()) out.add(p.toArray());
        for (Tensor a : t.network().archParameters().values()) out.add(a.toArray());
        return out;
    }
}
