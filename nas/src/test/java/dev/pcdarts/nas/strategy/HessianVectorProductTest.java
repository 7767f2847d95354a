package dev.pcdarts.nas.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.ops.LossOps;
import dev.pcdarts.engine.optim.Adam;
import dev.pcdarts.engine.optim.Sgd;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.rng.Rng;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.loop.Batch;
import dev.pcdarts.nas.search.Relaxation;
import dev.pcdarts.nas.search.SearchNetwork;
import dev.pcdarts.nas.train.SearchStep;
import dev.pcdarts.vector.VectorBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The architect's Hessian-vector product h = ∇²_{αw}L·v, checked through its transpose: for a
 * direction u over α, u·h must equal the directional finite difference along α of ∇_w L·v,
 * a derivative the architect never computes. And each search pass computes only the gradients
 * that are read.
 */
class HessianVectorProductTest {
    private final VectorBackend b = new VectorBackend(2, true);
    private final Rng rng = new Rng(5);
    // No edge normalisation and a wide alpha spread make the α-dependence of ∇w L strong enough to measure.
    private final SearchNetwork net = new SearchNetwork(new Init(b, rng.stream("init")), rng.stream("arch"), rng.stream("ch"),
            SearchNetwork.Config.cifar(4, 10, 3, new Relaxation(2, Relaxation.Mixing.SHUFFLE, false, false)));
    private final Batch batch = batch();

    private Batch batch() {
        RandomStream r = rng.stream("data");
        float[] x = new float[4 * 3 * 8 * 8];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return new Batch(Tensor.of(b, x, 4, 3, 8, 8), new int[] {1, 4, 7, 2});
    }

    private double weightGradDotV(List<float[]> v) {
        for (Tensor p : net.namedParameters().values()) p.setGrad(null);
        LossOps.crossEntropy(net.forward(batch.x()), batch.y(), 0f).backward();
        double s = 0;
        int i = 0;
        for (Tensor p : net.namedParameters().values()) {
            float[] g = p.grad().toArray();
            float[] d = v.get(i++);
            for (int k = 0; k < g.length; k++) s += (double) g[k] * d[k];
        }
        return s;
    }

    @Test
    void matchesTheTransposedDirectionalDerivative() {
        net.train(true);
        RandomStream r = new RandomStream(17);
        for (Tensor a : net.archParameters().values()) {
            float[] v = new float[a.size()];
            for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
            a.copyFrom(v);
        }
        // v lives on the classifier only: moving weights behind a ReLU or max-pool makes the gradient
        // jump wherever a unit changes side, and a finite difference of a gradient then measures the
        // jumps, not the Hessian. Behind the classifier the loss is smooth in w, so both sides agree.
        List<float[]> v = new ArrayList<>();
        for (var e : net.namedParameters().entrySet()) {
            float[] d = new float[e.getValue().size()];
            if (e.getKey().startsWith("classifier.")) for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
            v.add(d);
        }
        // A unit direction over all 252 architecture scalars, and a small step along it, so that the
        // perturbation crosses no ReLU or max-pool kink (the gradient jumps there).
        List<float[]> u = new ArrayList<>();
        double norm = 0;
        for (Tensor a : net.archParameters().values()) {
            float[] d = new float[a.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) r.nextGaussian();
                norm += (double) d[i] * d[i];
            }
            u.add(d);
        }
        for (float[] d : u) for (int i = 0; i < d.length; i++) d[i] /= (float) Math.sqrt(norm);
        Architect architect = new Architect(net, new Adam(List.copyOf(net.archParameters().values()), 1e-3f, 0.5f, 0.999f, 1e-8f, 0f),
                true, 0.9f, 3e-4f);
        List<Tensor> vt = new ArrayList<>();
        List<Tensor> params = List.copyOf(net.namedParameters().values());
        for (int i = 0; i < v.size(); i++) vt.add(Tensor.of(params.get(i).backend(), v.get(i), params.get(i).shape()));
        List<float[]> h = new ArrayList<>();
        for (Tensor t : architect.hessianVectorProduct(vt, batch)) h.add(t.toArray());
        double uh = 0;
        for (int i = 0; i < h.size(); i++) for (int k = 0; k < h.get(i).length; k++) uh += (double) u.get(i)[k] * h.get(i)[k];

        double delta = 1e-3;
        List<Tensor> arch = List.copyOf(net.archParameters().values());
        List<float[]> a0 = new ArrayList<>();
        for (Tensor a : arch) a0.add(a.toArray());
        double[] side = new double[2];
        for (int s = 0; s < 2; s++) {
            double sign = s == 0 ? 1 : -1;
            for (int i = 0; i < arch.size(); i++) {
                float[] a = a0.get(i).clone();
                for (int k = 0; k < a.length; k++) a[k] += (float) (sign * delta * u.get(i)[k]);
                arch.get(i).copyFrom(a);
            }
            side[s] = weightGradDotV(v);
        }
        double numeric = (side[0] - side[1]) / (2 * delta);
        assertFalse(Double.isNaN(uh));
        assertTrue(Math.abs(numeric) > 1e-3, "the check needs a measurable derivative, got " + numeric);
        assertTrue(Math.abs(uh - numeric) <= 0.05 * Math.abs(numeric) + 1e-3, "u·Hv = " + uh + ", finite difference " + numeric);
    }

    @Test
    void secondOrderStepMovesTheArchitecture() {
        net.train(true);
        Sgd sgd = new Sgd(List.copyOf(net.namedParameters().values()), 0.025f, 0.9f, 3e-4f);
        Adam adam = new Adam(List.copyOf(net.archParameters().values()), 3e-4f, 0.5f, 0.999f, 1e-8f, 1e-3f);
        float[] before = net.archParameters().get("alphas_normal").toArray();
        float[] w0 = net.namedParameters().get("classifier.weight").toArray();
        new Architect(net, adam, true, 0.9f, 3e-4f).step(batch, batch(), 0.025f, sgd);
        float[] after = net.archParameters().get("alphas_normal").toArray();
        boolean moved = false;
        for (int i = 0; i < before.length; i++) moved |= before[i] != after[i];
        assertTrue(moved, "alphas_normal changed");
        assertTrue(java.util.Arrays.equals(w0, net.namedParameters().get("classifier.weight").toArray()),
                "the unrolled step leaves the weights as they were");
    }

    /**
     * Each search pass computes only the gradients that are read: the first-order architecture
     * step leaves the weights without gradients, the weight step leaves the architecture's as the
     * architecture step made them, and both give every flag back.
     */
    @Test
    void eachPassComputesOnlyTheGradientsItReads() {
        net.train(true);
        List<Tensor> arch = List.copyOf(net.archParameters().values());
        List<Tensor> weights = List.copyOf(net.namedParameters().values());
        Architect architect = new Architect(net, new Adam(arch, 1e-3f, 0.5f, 0.999f, 1e-8f, 0f), false, 0.9f, 3e-4f);
        Sgd sgd = new Sgd(weights, 0.01f, 0.9f, 3e-4f);
        architect.step(batch, batch, 0.01f, sgd);
        for (Tensor w : weights) assertTrue(w.grad() == null && w.requiresGrad());
        assertTrue(arch.get(0).grad() != null);
        List<float[]> archGrads = new ArrayList<>();
        for (Tensor a : arch) archGrads.add(a.grad() == null ? null : a.grad().toArray()); // betas: no edge normalisation here
        sgd.zeroGrad();
        new SearchStep(net, sgd, architect, 5.0).run(batch, batch, false);
        for (int i = 0; i < arch.size(); i++) {
            Tensor g = arch.get(i).grad();
            assertArrayEquals(archGrads.get(i), g == null ? null : g.toArray(), 0f);
            assertTrue(arch.get(i).requiresGrad());
        }
        for (Tensor w : weights) assertTrue(w.grad() != null);
    }

    /** The ImageNet search clips the architecture gradient's norm before Adam, the CIFAR search does not. */
    @Test
    void clipsTheArchitectureGradientWhenAsked() {
        net.train(true);
        List<Tensor> arch = List.copyOf(net.archParameters().values());
        double[] norms = new double[2];
        for (int run = 0; run < 2; run++) {
            Architect architect = new Architect(net, new Adam(arch, 1e-3f, 0.5f, 0.999f, 1e-8f, 0f), false, 0.9f, 3e-4f, run == 0 ? 0 : 1e-3);
            architect.step(batch, batch, 0.01f, null);
            double sq = 0;
            for (Tensor a : arch) if (a.grad() != null) for (float g : a.grad().toArray()) sq += (double) g * g;
            norms[run] = Math.sqrt(sq);
        }
        assertTrue(norms[0] > 1e-2, "unclipped norm " + norms[0]);
        assertTrue(Math.abs(norms[1] - 1e-3) < 1e-6, "clipped norm " + norms[1]);
    }
}
