package dev.pcdarts.engine.optim;

import dev.pcdarts.engine.tensor.Tensor;
import java.util.List;

/** torch.nn.utils.clip_grad_norm_: scale every gradient by min(1, max/(‖g‖₂ + 1e-6)). */
public final class GradClip {
    private GradClip() {}

    /** Returns the total norm before clipping. */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        List<Tensor> grads = new java.util.ArrayList<>();
        for (Tensor p : params) if (p.grad() != null) grads.add(p.grad());
        if (grads.isEmpty()) return 0;
        double sq = 0;
        for (double s : grads.get(0).backend().sumSquaresEach(grads.toArray(new Tensor[0]))) {
            // PyTorch takes the norm of each gradient in float32, then the norm of those norms.
            float n = (float) Math.sqrt(s);
            sq += (double) n * n;
        }
        float total = (float) Math.sqrt(sq);
        float coef = (float) (maxNorm / (total + 1e-6));
        if (coef < 1f) {
            for (Tensor p : params) if (p.grad() != null) p.backend().scale(p.grad(), coef, p.grad());
        }
        return total;
    }
}
