package dev.pcdarts.engine.ops;

import dev.pcdarts.engine.autograd.FreshNode;
import dev.pcdarts.engine.tensor.Tensor;

/** max(x, 0); backward keeps only the output (its sign is the mask). */
public final class ReluOp {
    private ReluOp() {}

    public static Tensor apply(Tensor x) {
        Tensor out = x.emptyLike();
        x.backend().relu(x, out);
        if (!Recording.needed(x)) return out;
        return Recording.link(out, new FreshNode(x) { // keeps the output only: x is not needed
            @Override
            public Tensor[] backward(Tensor gradOut) {
                Tensor gx = out.emptyLike();
                out.backend().reluBackward(out, gradOut, gx);
                return new Tensor[] {gx};
            }

            @Override
            public String name() {
                return "relu";
            }
        });
    }
}
