package dev.pcdarts.engine.nn;

import dev.pcdarts.engine.tensor.Tensor;

/** Returns its input. */
public final class Identity extends UnaryModule {
    @Override
    public Tensor forward(Tensor x) {
        return x;
    }
}
