package dev.pcdarts.engine.nn;

import dev.pcdarts.engine.backend.ConvGeometry;
import dev.pcdarts.engine.ops.Conv2dOp;
import dev.pcdarts.engine.tensor.Tensor;

/** Conv2d without bias, weight [Cout, Cin/groups, kH, kW]; rectangular kernels for conv_7x1_1x7. */
public final class Conv2d extends UnaryModule {
    private final Tensor weight;
    private final int sh, sw, ph, pw, dil, groups;

    public Conv2d(Init init, int cin, int cout, int k, int stride, int pad, int dil, int groups) {
        this(init, cin, cout, k, k, stride, stride, pad, pad, dil, groups);
    }

    public Conv2d(Init init, int cin, int cout, int kh, int kw, int sh, int sw, int ph, int pw, int dil, int groups) {
        if (groups < 1 || cin % groups != 0 || cout % groups != 0) {
            throw new IllegalArgumentException("Conv2d: channels " + cin + "->" + cout + " not divisible by groups=" + groups);
        }
        this.weight = param("weight", init.uniformFanIn(cin / groups * kh * kw, cout, cin / groups, kh, kw));
        this.sh = sh;
        this.sw = sw;
        this.ph = ph;
        this.pw = pw;
        this.dil = dil;
        this.groups = groups;
    }

    public Tensor weight() {
        return weight;
    }

    /** Strides, paddings (rows, columns), dilation and groups, for writers of other formats (ONNX). */
    public record Hyper(int strideH, int strideW, int padH, int padW, int dilation, int groups) {}

    public Hyper hyper() {
        return new Hyper(sh, sw, ph, pw, dil, groups);
    }

    /** The geometry for an input of this shape (counted by {@link MacCounter} as one application). */
    public ConvGeometry geometry(int[] inShape) {
        ConvGeometry g = ConvGeometry.of(inShape, weight.shape(), sh, sw, ph, pw, dil, dil, groups);
        MacCounter.add(g.macs());
        return g;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Conv2dOp.apply(x, weight, geometry(x.shape()));
    }
}
