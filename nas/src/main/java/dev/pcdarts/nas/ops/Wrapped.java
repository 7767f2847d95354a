package dev.pcdarts.nas.ops;

import dev.pcdarts.engine.nn.UnaryModule;
import dev.pcdarts.engine.tensor.Tensor;

/** Holds a block under the child name {@code op}, as the reference's op classes do. */
public final class Wrapped extends UnaryModule {
    private final UnaryModule op;
    private final String kind;

    public Wrapped(String kind, UnaryModule op) {
        this.kind = kind;
        this.op = child("op", op);
    }

    public String kind() {
        return kind;
    }

    public UnaryModule op() {
        return op;
    }

    @Override
    public Tensor forward(Tensor x) {
        return op.forward(x);
    }
}
