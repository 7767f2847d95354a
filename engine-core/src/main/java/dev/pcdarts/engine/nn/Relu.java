package dev.pcdarts.engine.nn;

import dev.pcdarts.engine.ops.ReluOp;
import dev.pcdarts.engine.tensor.Tensor;

/** ReLU (never in place: backward needs its output). */
public final class Relu extends UnaryModule {
    @Override
    public Tensor forward(Tensor x) {
        return ReluOp.apply(x);
    }
}
