package dev.pcdarts.engine.autograd;

import dev.pcdarts.engine.tensor.Tensor;

/**
 * One recorded operator application. {@link #backward} receives the gradient of the loss with
 * respect to the node's output and returns the gradients of its inputs, aligned with
 * {@link #inputs()}; an entry may be null where that input needs no gradient.
 */
public abstract class Node {
    private final Tensor[] inputs;

    protected Node(Tensor... inputs) {
        this.inputs = inputs;
    }

    public final Tensor[] inputs() {
        return inputs;
    }

    /** True when input {@code i} wants a gradient. */
    protected final boolean needs(int i) {
        return inputs[i] != null && inputs[i].requiresGrad();
    }

    public abstract Tensor[] backward(Tensor gradOut);

    /** The operator's name, for error messages and profiles. */
    public String name() {
        String n = getClass().getSimpleName();
        return n.isEmpty() ? getClass().getName() : n;
    }
}
