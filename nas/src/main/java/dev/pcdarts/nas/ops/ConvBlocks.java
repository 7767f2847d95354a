package dev.pcdarts.nas.ops;

import dev.pcdarts.engine.nn.BatchNorm2d;
import dev.pcdarts.engine.nn.Conv2d;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.nn.Relu;
import dev.pcdarts.engine.nn.Sequential;
import dev.pcdarts.engine.nn.UnaryModule;

/**
 * The convolutional building blocks, each a {@code Sequential} named {@code op} inside its
 * wrapper so parameter paths read {@code op.1.weight} as in the reference.
 */
public final class ConvBlocks {
    private ConvBlocks() {}

    /** ReLU → Conv(k, stride, pad) → BN. */
    public static Sequential reluConvBn(Init init, int cin, int cout, int k, int stride, int pad, boolean affine) {
        return new Sequential(new Relu(), new Conv2d(init, cin, cout, k, stride, pad, 1, 1), new BatchNorm2d(init, cout, affine));
    }

    /**
     * A cell's preprocessing of one input to C channels: FactorizedReduce when that input is twice
     * the cell's resolution (the previous-previous state after a reduction), else ReLU → 1×1 → BN.
     */
    public static UnaryModule cellInput(Init init, int cin, int c, boolean halve, boolean affine) {
        return halve ? new FactorizedReduce(init, cin, c, affine) : new Wrapped("relu_conv_bn", reluConvBn(init, cin, c, 1, 1, 0, affine));
    }

    /** ReLU → depthwise(k, stride, pad, dilation) → 1×1 → BN. */
    public static Sequential dilConv(Init init, int cin, int cout, int k, int stride, int pad, int dil, boolean affine) {
        return new Sequential(new Relu(), new Conv2d(init, cin, cin, k, stride, pad, dil, cin),
                new Conv2d(init, cin, cout, 1, 1, 0, 1, 1), new BatchNorm2d(init, cout, affine));
    }

    /** Two separable convolutions, the stride on the first depthwise only. */
    public static Sequential sepConv(Init init, int cin, int cout, int k, int stride, int pad, boolean affine) {
        return new Sequential(new Relu(), new Conv2d(init, cin, cin, k, stride, pad, 1, cin),
                new Conv2d(init, cin, cin, 1, 1, 0, 1, 1), new BatchNorm2d(init, cin, affine),
                new Relu(), new Conv2d(init, cin, cin, k, 1, pad, 1, cin),
                new Conv2d(init, cin, cout, 1, 1, 0, 1, 1), new BatchNorm2d(init, cout, affine));
    }

    /** ReLU → 1×7 (stride (1,s)) → 7×1 (stride (s,1)) → BN, for the NASNet/AmoebaNet genotypes. */
    public static Sequential conv7x1x1x7(Init init, int c, int stride, boolean affine) {
        return new Sequential(new Relu(), new Conv2d(init, c, c, 1, 7, 1, stride, 0, 3, 1, 1),
                new Conv2d(init, c, c, 7, 1, stride, 1, 3, 0, 1, 1), new BatchNorm2d(init, c, affine));
    }
}
