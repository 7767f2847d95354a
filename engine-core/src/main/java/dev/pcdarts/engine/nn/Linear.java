package dev.pcdarts.engine.nn;

import dev.pcdarts.engine.ops.ArithOps;
import dev.pcdarts.engine.ops.LinearOp;
import dev.pcdarts.engine.tensor.Tensor;

/** Linear layer with bias; flattens a 4-d input [N, C, 1, 1] first. */
public final class Linear extends UnaryModule {
    private final Tensor weight;
    private final Tensor bias;

    public Linear(Init init, int in, int out) {
        this.weight = param("weight", init.uniformFanIn(in, out, in));
        this.bias = param("bias", init.uniformFanIn(in, out));
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 2) x = ArithOps.reshape(x, x.dim(0), (int) (x.numel() / x.dim(0)));
        MacCounter.add((long) x.dim(0) * weight.dim(0) * weight.dim(1));
        return LinearOp.apply(x, weight, bias);
    }
}
