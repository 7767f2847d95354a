package dev.pcdarts.engine.autograd;

import dev.pcdarts.engine.tensor.Tensor;

/**
 * A node whose backward allocates a new tensor for each gradient it returns and keeps none of
 * them ({@link Node#freshGradients}): the pass adds further contributions into those in place.
 * Operators that return their upstream gradient itself, or a view of it, stay plain nodes.
 */
public abstract class FreshNode extends Node {
    protected FreshNode(Tensor... inputs) {
        super(inputs);
    }

    @Override
    protected final boolean freshGradients() {
        return true;
    }
}
