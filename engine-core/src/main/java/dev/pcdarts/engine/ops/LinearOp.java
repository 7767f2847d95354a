package dev.pcdarts.engine.ops;

import dev.pcdarts.engine.autograd.FreshNode;
import dev.pcdarts.engine.tensor.Shapes;
import dev.pcdarts.engine.tensor.Tensor;

/** Fully connected layer: out = x · Wᵀ + b with x [N, in], W [out, in], b [out]. */
public final class LinearOp {
    private LinearOp() {}

    public static Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        Shapes.requireRank("linear", x, 2);
        Shapes.requireRank("linear", weight, 2);
        if (x.dim(1) != weight.dim(1) || (bias != null && bias.numel() != weight.dim(0))) {
            throw new IllegalArgumentException("linear: input " + Shapes.str(x.shape()) + " does not fit weight "
                    + Shapes.str(weight.shape()) + (bias == null ? "" : " and bias " + Shapes.str(bias.shape())));
        }
        Tensor out = Tensor.empty(x.backend(), x.dim(0), weight.dim(0));
        x.backend().linear(x, weight, bias, out);
        if (!Recording.needed(x, weight, bias)) return out;
        return Recording.link(out, new FreshNode(x, weight, bias) {
            @Override
            public Tensor[] backward(Tensor gradOut) {
                Tensor gx = needs(0) ? x.emptyLike() : null;
                Tensor gw = needs(1) ? weight.emptyLike() : null;
                Tensor gb = needs(2) ? bias.emptyLike() : null;
                x.backend().linearBackward(x, weight, gradOut, gx, gw, gb);
                return new Tensor[] {gx, gw, gb};
            }

            @Override
            public String name() {
                return "linear";
            }
        });
    }
}
