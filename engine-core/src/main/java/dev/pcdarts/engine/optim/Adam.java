package dev.pcdarts.engine.optim;

import dev.pcdarts.engine.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** torch.optim.Adam (not AdamW): weight decay is added to the gradient; eps outside the sqrt. */
public final class Adam extends Optimizer {
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final Tensor[] m;
    private final Tensor[] v;
    private final int[] steps;

    public Adam(List<Tensor> params, float lr, float beta1, float beta2, float eps, float weightDecay) {
        super(params, lr);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.m = new Tensor[this.params.size()];
        this.v = new Tensor[this.params.size()];
        this.steps = new int[this.params.size()];
    }

    @Override
    public void step() {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p.grad() == null) continue;
            if (m[i] == null) {
                m[i] = p.zerosLike();
                v[i] = p.zerosLike();
            }
            steps[i]++;
            p.backend().adamStep(p, p.grad(), m[i], v[i], lr, beta1, beta2, eps, weightDecay, steps[i]);
        }
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        for (int i = 0; i < m.length; i++) {
            if (m[i] == null) continue;
            s.put("exp_avg." + i, m[i]);
            s.put("exp_avg_sq." + i, v[i]);
        }
        return s;
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        for (int i = 0; i < steps.length; i++) c.put("step." + i, (long) steps[i]);
        return c;
    }

    @Override
    public void load(Map<String, Tensor> state, Map<String, Long> counters) {
        for (int i = 0; i < m.length; i++) {
            Tensor a = state.get("exp_avg." + i);
            Tensor b = state.get("exp_avg_sq." + i);
            m[i] = a == null ? null : a.detachCopy();
            v[i] = b == null ? null : b.detachCopy();
            steps[i] = counters.getOrDefault("step." + i, 0L).intValue();
        }
    }
}
