package dev.pcdarts.nas.strategy;

import dev.pcdarts.engine.autograd.GradMode;
import dev.pcdarts.engine.ops.LossOps;
import dev.pcdarts.engine.optim.Adam;
import dev.pcdarts.engine.optim.GradClip;
import dev.pcdarts.engine.optim.Sgd;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.loop.Batch;
import dev.pcdarts.nas.loop.GradientExchange;
import dev.pcdarts.nas.search.SearchNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Updates the architecture parameters with Adam on a validation batch (reference
 * {@code architect.py}). First order: ∇α L_val(w, α). Second order (DARTS' unrolled step):
 * ∇α L_val(w', α) − η·(∇α L_train(w⁺) − ∇α L_train(w⁻))/(2ε) with w' one SGD step ahead,
 * w± = w ± ε·∇w' L_val and ε = 0.01/‖∇w' L_val‖.
 */
public final class Architect implements ArchitectureStrategy {
    private final SearchNetwork net;
    private final Adam optimizer;
    private final boolean secondOrder;
    private final float momentum;
    private final float weightDecay;
    private final double gradClip;
    private final List<Tensor> weights;
    private final List<Tensor> arch;
    private GradientExchange exchange = GradientExchange.single();

    /** Without architecture-gradient clipping, as the CIFAR search. */
    public Architect(SearchNetwork net, Adam optimizer, boolean secondOrder, float momentum, float weightDecay) {
        this(net, optimizer, secondOrder, momentum, weightDecay, 0);
    }

    /**
     * @param momentum, weightDecay the weight optimiser's, needed for the unrolled step
     * @param gradClip the architecture gradient's norm limit (0 = none, as in the CIFAR search)
     */
    public Architect(SearchNetwork net, Adam optimizer, boolean secondOrder, float momentum, float weightDecay, double gradClip) {
        this.net = net;
        this.optimizer = optimizer;
        this.secondOrder = secondOrder;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.gradClip = gradClip;
        this.weights = List.copyOf(net.namedParameters().values());
        this.arch = List.copyOf(net.archParameters().values());
    }

    /** Averages the first-order architecture gradients with the other replicas before the Adam step. */
    public void setExchange(GradientExchange exchange) {
        if (secondOrder && exchange.group().size() > 1) {
            throw new IllegalArgumentException("the second-order architect cannot run on replicas");
        }
        this.exchange = exchange;
    }

    public Adam optimizer() {
        return optimizer;
    }

    /** One architecture step; {@code lr} and {@code weightOptimizer} matter only for second order. */
    @Override
    public void step(Batch train, Batch val, float lr, Sgd weightOptimizer) {
        optimizer.zeroGrad();
        if (secondOrder) {
            unrolledGradients(train, val, lr, weightOptimizer);
        } else {
            archGradients(val);
            exchange.average(arch, val.share());
        }
        if (gradClip > 0) GradClip.clipGradNorm(arch, gradClip);
        optimizer.step();
    }

    /**
     * Backward of the loss on {@code b} for the architecture's gradients only: the weights' would
     * be thrown away (the weight step clears them first, as the reference's does, and the Hessian
     * term reads only the architecture's), so their kernels do not run.
     */
    private void archGradients(Batch b) {
        try (var w = GradMode.frozen(weights)) {
            loss(b).backward();
        }
    }

    private Tensor loss(Batch b) {
        return LossOps.crossEntropy(net.forward(b.x()), b.y(), 0f);
    }

    /**
     * Leaves the second-order architecture gradient in the arch parameters' grad. Every value
     * stays on the weights' backend: snapshots are tensor copies and the updates are its kernels.
     */
    void unrolledGradients(Batch train, Batch val, float lr, Sgd weightOptimizer) {
        List<Tensor> w0 = snapshot(weights);
        // w' = w − η(μ·m + ∇w L_train(w) + λw): the SGD kernel on a copy of the momentum, which stays as it was
        clearGrads();
        loss(train).backward();
        for (int i = 0; i < weights.size(); i++) {
            Tensor p = weights.get(i);
            Tensor buf = weightOptimizer == null ? null : weightOptimizer.momentumBuffer(i);
            Tensor m = buf == null ? p.zerosLike() : buf.detachCopy();
            p.backend().sgdStep(p, gradOrZero(p), m, lr, momentum, weightDecay, false);
        }
        // g_α and v at w'; the reference runs this pass on a copy of the model, so its BN buffers are kept aside.
        Map<String, Tensor> buffers = net.namedBuffers();
        List<Tensor> savedBuffers = snapshot(List.copyOf(buffers.values()));
        clearGrads();
        loss(val).backward();
        restore(List.copyOf(buffers.values()), savedBuffers);
        List<Tensor> gAlpha = new ArrayList<>();
        for (Tensor a : arch) gAlpha.add(gradOrZero(a).detachCopy());
        List<Tensor> v = new ArrayList<>();
        for (Tensor p : weights) v.add(gradOrZero(p).detachCopy());
        restore(weights, w0);
        List<Tensor> h = hessianVectorProduct(v, train);
        for (int i = 0; i < arch.size(); i++) {
            Tensor g = gAlpha.get(i);
            g.backend().axpy(-lr, h.get(i), g); // g − η·hv
            arch.get(i).setGrad(g);
        }
        for (Tensor p : weights) p.setGrad(null);
    }

    /**
     * (∇α L_train(w + εv) − ∇α L_train(w − εv)) / (2ε) with ε = 0.01/‖v‖, evaluated around the
     * current weights, which are restored afterwards.
     */
    List<Tensor> hessianVectorProduct(List<Tensor> v, Batch train) {
        double sq = 0;
        if (!v.isEmpty()) for (double s : v.get(0).backend().sumSquaresEach(v.toArray(new Tensor[0]))) sq += s;
        float r = (float) (0.01 / Math.sqrt(sq));
        List<Tensor> w0 = snapshot(weights);
        shift(w0, v, r);
        clearGrads();
        archGradients(train);
        List<Tensor> gPlus = new ArrayList<>();
        for (Tensor a : arch) gPlus.add(gradOrZero(a).detachCopy());
        shift(w0, v, -r);
        clearGrads();
        archGradients(train);
        restore(weights, w0);
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < arch.size(); i++) {
            Tensor gp = gPlus.get(i);
            Tensor d = gp.emptyLike();
            gp.backend().copy(gp, d);
            d.backend().axpy(-1f, gradOrZero(arch.get(i)), d); // g⁺ − g⁻
            d.backend().scale(d, 1f / (2 * r), d);
            out.add(d);
        }
        clearGrads();
        return out;
    }

    private void shift(List<Tensor> w0, List<Tensor> v, float r) {
        for (int i = 0; i < weights.size(); i++) {
            Tensor w = weights.get(i);
            w.backend().copy(w0.get(i), w);
            w.backend().axpy(r, v.get(i), w); // w0 + ε·v
        }
    }

    private void clearGrads() {
        for (Tensor p : weights) p.setGrad(null);
        for (Tensor a : arch) a.setGrad(null);
    }

    private static Tensor gradOrZero(Tensor t) {
        return t.grad() == null ? t.zerosLike() : t.grad();
    }

    private static List<Tensor> snapshot(List<Tensor> ts) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : ts) out.add(t.detachCopy());
        return out;
    }

    private static void restore(List<Tensor> ts, List<Tensor> values) {
        for (int i = 0; i < ts.size(); i++) ts.get(i).backend().copy(values.get(i), ts.get(i));
    }
}
