package dev.pcdarts.nas.loop;

import dev.pcdarts.engine.tensor.Tensor;

/** Images [N, C, H, W] on the model's backend and their class targets. */
public record Batch(Tensor x, int[] y) {
    public Batch {
        if (x.dim(0) != y.length) throw new IllegalArgumentException("batch of " + x.dim(0) + " images with " + y.length + " labels");
    }

    public int size() {
        return y.length;
    }
}
