package dev.pcdarts.engine.ops;

import dev.pcdarts.engine.autograd.GradMode;
import dev.pcdarts.engine.autograd.Node;
import dev.pcdarts.engine.tensor.Tensor;

/** Decides whether an operator records its node, and links it. */
final class Recording {
    private Recording() {}

    static boolean needed(Tensor... inputs) {
        if (!GradMode.isEnabled()) return false;
        for (Tensor t : inputs) if (t != null && t.requiresGrad()) return true;
        return false;
    }

    static Tensor link(Tensor out, Node node) {
        out.setGradFn(node);
        return out;
    }
}
