package dev.pcdarts.nas.ops;

import dev.pcdarts.engine.nn.UnaryModule;
import dev.pcdarts.engine.ops.ArithOps;
import dev.pcdarts.engine.ops.ChannelOps;
import dev.pcdarts.engine.tensor.Tensor;

/** The "none" op: x·0, or x[:, :, ::2, ::2]·0 with stride 2. */
public final class Zero extends UnaryModule {
    private final int stride;

    public Zero(int stride) {
        this.stride = stride;
    }

    @Override
    public Tensor forward(Tensor x) {
        return ArithOps.scale(stride == 1 ? x : ChannelOps.spatialSlice(x, 0, stride), 0f);
    }
}
