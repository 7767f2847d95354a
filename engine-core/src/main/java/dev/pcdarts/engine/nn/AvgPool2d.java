package dev.pcdarts.engine.nn;

import dev.pcdarts.engine.backend.PoolGeometry;
import dev.pcdarts.engine.ops.PoolOps;
import dev.pcdarts.engine.tensor.Tensor;

/** Average pooling with count_include_pad=false (the only variant the reference uses). */
public final class AvgPool2d extends UnaryModule {
    private final int k;
    private final int stride;
    private final int pad;

    public AvgPool2d(int k, int stride, int pad) {
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
        return PoolGeometry.of("avg_pool", inShape, k, stride, pad);
    }

    @Override
    public Tensor forward(Tensor x) {
        return PoolOps.avgPool(x, k, stride, pad);
    }
}
