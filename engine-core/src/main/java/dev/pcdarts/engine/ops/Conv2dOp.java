package dev.pcdarts.engine.ops;

import dev.pcdarts.engine.autograd.FreshNode;
import dev.pcdarts.engine.backend.ConvGeometry;
import dev.pcdarts.engine.tensor.Tensor;

/** 2-d convolution without bias: stride, padding, dilation, groups (depthwise included). */
public final class Conv2dOp {
    private Conv2dOp() {}

    public static Tensor apply(Tensor x, Tensor weight, int stride, int pad, int dilation, int groups) {
        return apply(x, weight, ConvGeometry.of(x.shape(), weight.shape(), stride, pad, dilation, groups));
    }

    public static Tensor apply(Tensor x, Tensor weight, ConvGeometry g) {
        Tensor out = Tensor.empty(x.backend(), g.outShape());
        x.backend().conv2d(x, weight, out, g);
        if (!Recording.needed(x, weight)) return out;
        var b = x.backend();
        int[] inShape = x.shape();
        Tensor saved = weight.requiresGrad() ? x : null; // x is read only for the weight's gradient
        return Recording.link(out, new FreshNode(x, weight) {
            @Override
            public Tensor[] backward(Tensor gradOut) {
                Tensor gx = null;
                Tensor gw = null;
                if (needs(0)) {
                    gx = Tensor.empty(b, inShape);
                    b.conv2dBackwardInput(gradOut, weight, gx, g);
                }
                if (needs(1)) {
                    gw = weight.emptyLike();
                    b.conv2dBackwardWeight(saved, gradOut, gw, g);
                }
                return new Tensor[] {gx, gw};
            }

            @Override
            public String name() {
                return g.depthwise() ? "conv2d_depthwise" : g.pointwise() ? "conv2d_1x1" : "conv2d";
            }
        });
    }
}
