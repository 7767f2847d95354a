package dev.pcdarts.engine.optim;

import dev.pcdarts.engine.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An optimiser over an ordered list of parameters whose state can be saved and restored. */
public abstract class Optimizer {
    protected final List<Tensor> params;
    protected float lr;

    protected Optimizer(List<Tensor> params, float lr) {
        this.params = List.copyOf(params);
        this.lr = lr;
    }

    public abstract void step();

    public float lr() { return lr; }
    public void setLr(float lr) { this.lr = lr; }
    public List<Tensor> params() { return params; }

    public void zeroGrad() {
        for (Tensor p : params) p.setGrad(null);
    }

    /** Named state tensors (momentum buffers, moments) for checkpoints; keys are "kind.index". */
    public abstract Map<String, Tensor> state();

    /** Scalar state (step counts) for checkpoints. */
    public Map<String, Long> counters() { return new LinkedHashMap<>(); }

    /** Restores what {@link #state()} and {@link #counters()} returned. */
    public abstract void load(Map<String, Tensor> state, Map<String, Long> counters);
}
