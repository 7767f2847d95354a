package dev.pcdarts.engine.nn;

import dev.pcdarts.engine.tensor.Tensor;

/** A module of one input and one output. */
public abstract class UnaryModule extends Module {
    public abstract Tensor forward(Tensor x);
}
