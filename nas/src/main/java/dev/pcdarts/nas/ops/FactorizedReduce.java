package dev.pcdarts.nas.ops;

import dev.pcdarts.engine.nn.BatchNorm2d;
import dev.pcdarts.engine.nn.Conv2d;
import dev.pcdarts.engine.nn.Fusion;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.nn.UnaryModule;
import dev.pcdarts.engine.ops.ChannelOps;
import dev.pcdarts.engine.ops.FactorizedReduceOp;
import dev.pcdarts.engine.ops.ReluOp;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.List;

/**
 * ReLU, then two 1×1 stride-2 convolutions, the second on the input shifted by one pixel
 * ({@code x[:, :, 1:, 1:]}), concatenated and batch-normalised. Halves H and W.
 */
public final class FactorizedReduce extends UnaryModule {
    private final Conv2d conv1;
    private final Conv2d conv2;
    private final BatchNorm2d bn;

    public FactorizedReduce(Init init, int cin, int cout, boolean affine) {
        if (cout % 2 != 0) throw new IllegalArgumentException("FactorizedReduce needs an even output channel count, got " + cout);
        conv1 = child("conv_1", new Conv2d(init, cin, cout / 2, 1, 2, 0, 1, 1));
        conv2 = child("conv_2", new Conv2d(init, cin, cout / 2, 1, 2, 0, 1, 1));
        bn = child("bn", new BatchNorm2d(init, cout, affine));
    }

    public Conv2d conv1() {
        return conv1;
    }

    /** The convolution of the input shifted by one pixel. */
    public Conv2d conv2() {
        return conv2;
    }

    public BatchNorm2d bn() {
        return bn;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim(2) % 2 != 0 || x.dim(3) % 2 != 0) {
            throw new IllegalArgumentException("FactorizedReduce needs even H and W, got " + x.dim(2) + "x" + x.dim(3));
        }
        if (Fusion.active() && bn.isTraining()) { // one node that keeps only x (FactorizedReduceOp)
            return FactorizedReduceOp.apply(x, conv1.weight(), conv1.geometry(x.shape()), conv2.weight(),
                    conv2.geometry(new int[] {x.dim(0), x.dim(1), x.dim(2) - 1, x.dim(3) - 1}), bn.norm());
        }
        return forwardLayers(x);
    }

    /** Layer by layer, as the reference writes it (evaluation, and the fused node's twin in tests). */
    Tensor forwardLayers(Tensor x) {
        Tensor r = ReluOp.apply(x);
        Tensor a = conv1.forward(r);
        Tensor b = conv2.forward(ChannelOps.spatialSlice(r, 1, 1));
        return bn.forward(ChannelOps.concat(List.of(a, b)));
    }
}
