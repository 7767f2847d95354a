package dev.pcdarts.nas.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.io.Safetensors;
import dev.pcdarts.engine.io.StateDicts;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.genotype.Genotypes;
import dev.pcdarts.vector.VectorBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference's own state_dict (golden/interchange, from make_fixtures.py: NetworkCIFAR C=4,
 * 5 layers, auxiliary head, PC_DARTS_cifar, BN statistics after three training passes) loads
 * into our network and gives its eval-mode logits; our export has exactly its keys, shapes and
 * dtypes, so load_state_dict(strict=True) accepts it.
 */
class TorchInterchangeTest {
    static final Path DIR = Path.of(System.getProperty("golden.cases.dir", "../golden"), "interchange");
    private static final Backend B = new VectorBackend(2, true);

    @TempDir Path tmp;

    static EvalNetwork network(int c, boolean auxiliary) {
        return new EvalNetwork(new Init(B, new RandomStream(7)), new EvalNetwork.Config(c, 10, 5, auxiliary, Genotypes.resolve("PC_DARTS_cifar"), false));
    }

    private static void assertReferenceLogits(EvalNetwork net) throws IOException {
        Map<String, Safetensors.Entry> io = Safetensors.read(DIR.resolve("io.safetensors")).tensors();
        net.train(false);
        Safetensors.Entry x = io.get("input");
        float[] got = net.forward(Tensor.of(B, x.values(), x.shape())).logits().toArray();
        float[] want = io.get("logits").values();
        assertEquals(want.length, got.length);
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            double d = Math.abs(got[i] - want[i]);
            worst = Math.max(worst, d);
            assertTrue(d <= 1e-4 + 1e-3 * Math.abs(want[i]), "logit " + i + ": " + got[i] + " vs the reference's " + want[i]);
        }
        System.out.printf("max |logit - reference| = %.3g%n", worst);
    }

    @Test
    void referenceTorchSaveFileGivesTheReferenceLogits() throws IOException {
        EvalNetwork net = network(4, true);
        StateDict.load(net, DIR.resolve("network_cifar.pt"));
        assertReferenceLogits(net);
    }

    @Test
    void referenceSafetensorsFileGivesTheReferenceLogits() throws IOException {
        EvalNetwork net = network(4, false); // the safetensors fixture has no auxiliary head
        StateDict.load(net, DIR.resolve("network_cifar.safetensors"));
        assertReferenceLogits(net);
    }

    @Test
    void exportHasTheReferenceKeysShapesAndDtypes() throws IOException {
        Map<String, Safetensors.Entry> ref = StateDicts.read(DIR.resolve("network_cifar.pt"));
        Map<String, Safetensors.Entry> ours = StateDict.of(network(4, true), 3);
        assertEquals(ref.keySet(), ours.keySet());
        for (var e : ref.entrySet()) {
            Safetensors.Entry o = ours.get(e.getKey());
            assertArrayEquals(e.getValue().shape(), o.shape(), e.getKey());
            assertEquals(e.getValue().dtype(), o.dtype(), e.getKey());
        }
        assertEquals(3L, ref.get("stem.1.num_batches_tracked").longs()[0]);
        assertEquals(3L, ours.get("stem.1.num_batches_tracked").longs()[0]);
        assertEquals(ref.keySet().stream().toList(), ours.keySet().stream().toList(), "PyTorch's state_dict order");
    }

    @Test
    void exportRoundTripsExactly() throws IOException {
        EvalNetwork a = network(4, true);
        StateDict.load(a, DIR.resolve("network_cifar.pt"));
        Path f = tmp.resolve("exported.safetensors");
        Safetensors.write(f, StateDict.of(a, 3), Map.of());
        EvalNetwork b = network(4, true);
        StateDict.load(b, f);
        Map<String, Tensor> sa = a.namedState();
        Map<String, Tensor> sb = b.namedState();
        assertEquals(sa.keySet(), sb.keySet());
        for (String k : sa.keySet()) assertArrayEquals(sa.get(k).toArray(), sb.get(k).toArray(), k);
        assertReferenceLogits(b);
        // kept for a check by hand with the reference: make_fixtures.py check target/interchange/exported.safetensors
        Path kept = Path.of("target", "interchange");
        Files.createDirectories(kept);
        Files.copy(f, kept.resolve("exported.safetensors"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void torchSaveExportRoundTripsAndGivesTheReferenceLogits() throws IOException {
        EvalNetwork a = network(4, true);
        StateDict.load(a, DIR.resolve("network_cifar.pt"));
        // kept for a check by hand with the reference: make_fixtures.py check target/interchange/exported.pt
        Path f = Path.of("target", "interchange", "exported.pt");
        Files.createDirectories(f.getParent());
        StateDicts.writeTorch(f, StateDict.of(a, 3));
        Map<String, Safetensors.Entry> back = StateDicts.read(f);
        assertEquals(3L, back.get("stem.1.num_batches_tracked").longs()[0]);
        EvalNetwork b = network(4, true);
        StateDict.load(b, f);
        for (var e : a.namedState().entrySet()) assertArrayEquals(e.getValue().toArray(), b.namedState().get(e.getKey()).toArray(), e.getKey());
        assertReferenceLogits(b);
    }

    @Test
    void mismatchedArchitecturesNameTheFileAndTheFirstKey() {
        Path pt = DIR.resolve("network_cifar.pt");
        var e = assertThrows(IOException.class, () -> StateDict.load(network(4, false), pt));
        assertTrue(e.getMessage().startsWith(pt + ": ") && e.getMessage().contains("unexpected key auxiliary_head."), e.getMessage());
        Path st = DIR.resolve("network_cifar.safetensors");
        e = assertThrows(IOException.class, () -> StateDict.load(network(4, true), st));
        assertTrue(e.getMessage().contains("missing key auxiliary_head."), e.getMessage());
        e = assertThrows(IOException.class, () -> StateDict.load(network(6, false), st));
        assertTrue(e.getMessage().contains("stem.0.weight has shape [12, 3, 3, 3], the network needs [18, 3, 3, 3]"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aFailedLoadLeavesTheNetworkUntouched() throws IOException {
        EvalNetwork net = network(4, false);
        float[] before = net.namedState().get("classifier.weight").toArray();
        assertThrows(IOException.class, () -> StateDict.load(net, DIR.resolve("network_cifar.pt")));
        assertArrayEquals(before, net.namedState().get("classifier.weight").toArray());
        assertTrue(!Arrays.equals(before, new float[before.length]));
    }
}
