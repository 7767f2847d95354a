package dev.pcdarts.nas.differential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.ops.ArithOps;
import dev.pcdarts.engine.ops.LossOps;
import dev.pcdarts.engine.optim.Adam;
import dev.pcdarts.engine.optim.Sgd;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.rng.Rng;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.eval.EvalNetwork;
import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.genotype.Genotypes;
import dev.pcdarts.nas.loop.Batch;
import dev.pcdarts.nas.search.Relaxation;
import dev.pcdarts.nas.search.SearchNetwork;
import dev.pcdarts.nas.strategy.Architect;
import dev.pcdarts.nas.train.SearchStep;
import dev.pcdarts.vector.VectorBackend;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Whole networks on the vector kernels, every kernel call checked against its scalar twin on the
 * same inputs (forward, every gradient, the optimiser steps) within the golden module tolerance,
 * over a seeded sweep of shapes and relaxations; and the same bits on 1, 2 and 3 threads.
 */
class VectorScalarNetworkTest {
    /** The golden module tolerance (golden/README.md): one kernel, one rounding order against another. */
    private static final double ATOL = 2e-5;
    private static final double RTOL = 2e-4;
    private static final int[] THREADS = {1, 2, 3};

    /** A search network of the sweep, and whether it also takes a second-order search step. */
    record SearchShape(long seed, int c, int layers, int batch, int hw, Relaxation relaxation, boolean imagenetStem, boolean step) {}

    /** An evaluation network of the sweep. */
    record EvalShape(long seed, int c, int layers, int batch, int hw, String genotype, boolean auxiliary, float dropPath,
                     boolean imagenet) {}

    static List<SearchShape> searchShapes() {
        Random r = new Random(20261202);
        List<SearchShape> shapes = new ArrayList<>();
        int[] ks = {1, 2, 4};
        for (int i = 0; i < 9; i++) {
            int k = ks[i % 3];
            Relaxation rel = new Relaxation(k, r.nextBoolean() ? Relaxation.Mixing.SHUFFLE : Relaxation.Mixing.SHIFT,
                    i % 2 == 1, r.nextBoolean());
            int c = 4 * (1 + r.nextInt(3));
            shapes.add(new SearchShape(r.nextLong(), c, 2 + r.nextInt(4), 1 + r.nextInt(8), 8 + 4 * r.nextInt(3), rel, false, i % 3 == 0));
        }
        shapes.add(new SearchShape(r.nextLong(), 8, 3, 2, 32, Relaxation.PC_DARTS, true, true));
        return shapes;
    }

    static List<EvalShape> evalShapes() {
        Random r = new Random(20261203);
        List<String> genotypes = new ArrayList<>(Genotypes.all().keySet());
        List<EvalShape> shapes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            boolean aux = i % 2 == 0;
            int batch = aux ? 2 + r.nextInt(7) : 1 + r.nextInt(8);
            int hw = aux ? 32 + 4 * r.nextInt(2) : 8 + 4 * r.nextInt(4); // the auxiliary head needs maps of 8x8
            shapes.add(new EvalShape(r.nextLong(), 2 * (2 + r.nextInt(4)), 3 + r.nextInt(4), batch, hw,
                    genotypes.get(r.nextInt(genotypes.size())), aux, i % 4 < 2 ? 0.2f : 0f, false));
        }
        // The shape of the golden case that failed on 256-bit vectors (a ReLU mask flip, not a kernel: golden/README.md).
        shapes.add(new EvalShape(3, 8, 6, 4, 32, "PC_DARTS_cifar", true, 0f, false));
        shapes.add(new EvalShape(r.nextLong(), 4, 3, 2, 224, "PC_DARTS_image", true, 0.1f, true));
        return shapes;
    }

    @TestFactory
    Stream<DynamicTest> searchNetworks() {
        return searchShapes().stream().map(s -> DynamicTest.dynamicTest(s.toString(), () -> acrossThreads(s.toString(), b -> search(s, b))));
    }

    @TestFactory
    Stream<DynamicTest> evalNetworks() {
        return evalShapes().stream().map(s -> DynamicTest.dynamicTest(s.toString(), () -> acrossThreads(s.toString(), b -> eval(s, b))));
    }

    /** Runs on checked backends of 1, 2 and 3 threads: every kernel agrees with its twin, and the runs agree bit for bit. */
    private static void acrossThreads(String what, Function<Backend, List<float[]>> run) {
        List<float[]> first = null;
        for (int t : THREADS) {
            TwinCheckedBackend checked = TwinCheckedBackend.of(new VectorBackend(t, true), new VectorBackend(1, false), ATOL, RTOL);
            List<float[]> out = run.apply(checked.backend());
            for (String k : List.of("conv2d", "conv2dBackwardWeight", "batchNormBackward", "linearBackward")) {
                assertTrue(checked.checkedCalls().getOrDefault(k, 0) > 0, what + ": no " + k + " was checked: " + checked.checkedCalls());
            }
            if (first == null) {
                first = out;
                continue;
            }
            assertEquals(first.size(), out.size());
            for (int i = 0; i < out.size(); i++) assertArrayEquals(first.get(i), out.get(i), what + ": tensor " + i + " on " + t + " threads");
        }
    }

    private static Tensor images(Backend b, RandomStream rng, int n, int hw) {
        float[] x = new float[n * 3 * hw * hw];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        return Tensor.of(b, x, n, 3, hw, hw);
    }

    private static int[] labels(RandomStream rng, int n, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = rng.nextInt(classes);
        return y;
    }

    private static List<float[]> search(SearchShape s, Backend b) {
        Rng rng = new Rng(s.seed());
        SearchNetwork.Config cfg = new SearchNetwork.Config(s.c(), 10, s.layers(), 4, 4, 3, s.relaxation(), s.imagenetStem(), 3);
        SearchNetwork net = new SearchNetwork(new Init(b, rng.stream("init")), rng.stream("arch"), rng.stream("channels"), cfg);
        RandomStream data = rng.stream("data");
        List<float[]> out = new ArrayList<>();
        net.train(true);
        Tensor logits = net.forward(images(b, data, s.batch(), s.hw()));
        Tensor loss = LossOps.crossEntropy(logits, labels(data, s.batch(), 10), 0f);
        loss.backward();
        out.add(logits.toArray());
        out.add(loss.toArray());
        net.namedParameters().values().forEach(p -> out.add(p.grad() == null ? new float[0] : p.grad().toArray()));
        net.archParameters().values().forEach(p -> out.add(p.grad() == null ? new float[0] : p.grad().toArray()));
        if (s.step()) { // the unrolled architecture step, clipping and both optimisers
            Sgd sgd = new Sgd(new ArrayList<>(net.namedParameters().values()), 0.025f, 0.9f, 3e-4f);
            Adam adam = new Adam(new ArrayList<>(net.archParameters().values()), 6e-4f, 0.5f, 0.999f, 1e-8f, 1e-3f);
            SearchStep step = new SearchStep(net, sgd, new Architect(net, adam, true, 0.9f, 3e-4f), 5.0);
            Batch train = new Batch(images(b, data, s.batch(), s.hw()), labels(data, s.batch(), 10));
            Batch val = new Batch(images(b, data, s.batch(), s.hw()), labels(data, s.batch(), 10));
            out.add(step.run(train, val, true).logits().toArray());
            net.namedParameters().values().forEach(p -> out.add(p.toArray()));
            net.archParameters().values().forEach(p -> out.add(p.toArray()));
        }
        net.namedBuffers().values().forEach(p -> out.add(p.toArray()));
        return out;
    }

    private static List<float[]> eval(EvalShape s, Backend b) {
        Rng rng = new Rng(s.seed());
        Genotype g = Genotypes.resolve(s.genotype());
        EvalNetwork net = new EvalNetwork(new Init(b, rng.stream("init")), new EvalNetwork.Config(s.c(), 10, s.layers(), s.auxiliary(), g, s.imagenet()));
        net.setDropPath(s.dropPath(), rng.stream("drop-path"));
        RandomStream data = rng.stream("data");
        net.train(true);
        EvalNetwork.Output o = net.forward(images(b, data, s.batch(), s.hw()));
        int[] y = labels(data, s.batch(), 10);
        Tensor loss = LossOps.crossEntropy(o.logits(), y, 0.1f);
        if (o.logitsAux() != null) loss = ArithOps.add(loss, ArithOps.scale(LossOps.crossEntropy(o.logitsAux(), y, 0.1f), 0.4f));
        loss.backward();
        List<float[]> out = new ArrayList<>();
        out.add(o.logits().toArray());
        if (o.logitsAux() != null) out.add(o.logitsAux().toArray());
        out.add(loss.toArray());
        net.namedParameters().values().forEach(p -> out.add(p.grad() == null ? new float[0] : p.grad().toArray()));
        net.namedBuffers().values().forEach(p -> out.add(p.toArray()));
        return out;
    }

    /**
     * The check is not vacuous: one wrong element in one kernel's output (here the weight
     * gradient of the first convolution, the stem's) is found and named.
     */
    @Test
    void aWrongKernelIsFound() {
        Backend vector = new VectorBackend(1, true);
        Backend wrong = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (self, m, args) -> {
            Object r = m.invoke(vector, args);
            if (m.getName().equals("conv2dBackwardWeight") && args[2] instanceof Tensor gw && gw.dim(1) == 3) gw.data()[gw.size() - 1] *= 1.01f;
            return r;
        });
        TwinCheckedBackend checked = TwinCheckedBackend.of(wrong, new VectorBackend(1, false), ATOL, RTOL);
        SearchShape s = new SearchShape(7, 4, 2, 2, 8, Relaxation.PC_DARTS, false, false);
        AssertionError e = assertThrows(AssertionError.class, () -> search(s, checked.backend()));
        assertTrue(e.getMessage().startsWith("conv2dBackwardWeight call "), e.getMessage());
    }
}
