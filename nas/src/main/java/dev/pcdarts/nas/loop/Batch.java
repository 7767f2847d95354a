package dev.pcdarts.nas.loop;

import dev.pcdarts.engine.tensor.Tensor;

/**
 * Images [N, C, H, W] on the model's backend and their class targets; {@code share} is the
 * fraction of the global batch they are ({@link HostBatch#share}).
 */
public record Batch(Tensor x, int[] y, float share) {
    public Batch {
        if (x.dim(0) != y.length) throw new IllegalArgumentException("batch of " + x.dim(0) + " images with " + y.length + " labels");
    }

    public Batch(Tensor x, int[] y) {
        this(x, y, 1f);
    }

    public int size() {
        return y.length;
    }
}
