package dev.pcdarts.engine.nn;

import dev.pcdarts.engine.backend.PoolGeometry;
import dev.pcdarts.engine.ops.PoolOps;
import dev.pcdarts.engine.tensor.Tensor;

/** Max pooling, square kernel; padding acts as −∞. */
public final class MaxPool2d extends UnaryModule {
    private final int k;
    private final int stride;
    private final int pad;

    public MaxPool2d(int k, int stride, int pad) {
        this.k = k;
        this.stride = stride;
        this.pad = pad;
    }

    public int kernel() {
        return k;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return pad;
    }

    /** The geometry for an input of this shape. */
    PoolGeometry geometry(int[] inShape) {
        return PoolGeometry.of("max_pool", inShape, k, stride, pad);
    }

    @Override
    public Tensor forward(Tensor x) {
        return PoolOps.maxPool(x, k, stride, pad);
    }
}
