package dev.pcdarts.nas.ops;

import dev.pcdarts.engine.nn.Sequential;
import dev.pcdarts.engine.tensor.Tensor;

/** The two states the first cell reads, shared by the search and the evaluation networks. */
public final class Stems {
    private Stems() {}

    /** CIFAR (stem non-null): s0 = s1 = stem(x). ImageNet: s0 = stem0(x), s1 = stem1(s0). */
    public static Tensor[] states(Sequential stem, Sequential stem0, Sequential stem1, Tensor x) {
        if (stem != null) {
            Tensor s = stem.forward(x);
            return new Tensor[] {s, s};
        }
        Tensor s0 = stem0.forward(x);
        return new Tensor[] {s0, stem1.forward(s0)};
    }
}
