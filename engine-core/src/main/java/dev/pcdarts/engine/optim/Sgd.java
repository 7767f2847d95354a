package dev.pcdarts.engine.optim;

import dev.pcdarts.engine.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** torch.optim.SGD with momentum, dampening 0, no Nesterov, L2 weight decay added to the gradient. */
public final class Sgd extends Optimizer {
    private final float momentum;
    private final float weightDecay;
    private final Tensor[] buffers;

    public Sgd(List<Tensor> params, float lr, float momentum, float weightDecay) {
        super(params, lr);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.buffers = new Tensor[this.params.size()];
    }

    /** The momentum buffer of parameter i (null before its first step). */
    public Tensor momentumBuffer(int i) {
        return buffers[i];
    }

    @Override
    public void step() {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p.grad() == null) continue;
            boolean first = buffers[i] == null;
            if (first) buffers[i] = p.zerosLike();
            p.backend().sgdStep(p, p.grad(), buffers[i], lr, momentum, weightDecay, first || momentum == 0f);
        }
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        for (int i = 0; i < buffers.length; i++) if (buffers[i] != null) s.put("momentum." + i, buffers[i]);
        return s;
    }

    @Override
    public void load(Map<String, Tensor> state, Map<String, Long> counters) {
        for (int i = 0; i < buffers.length; i++) {
            Tensor t = state.get("momentum." + i);
            buffers[i] = t == null ? null : t.detachCopy();
        }
    }
}
