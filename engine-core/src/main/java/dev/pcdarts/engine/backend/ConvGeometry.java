package dev.pcdarts.engine.backend;

/**
 * Everything a conv2d kernel needs to know about its shapes: input N×Cin×H×W, weight
 * Cout×(Cin/groups)×KH×KW, output N×Cout×OH×OW.
 */
public record ConvGeometry(int n, int cin, int h, int w, int cout, int kh, int kw,
                           int strideH, int strideW, int padH, int padW, int dilH, int dilW, int groups) {

    /** Validates and builds the geometry; errors name the shapes. */
    public static ConvGeometry of(int[] x, int[] weight, int stride, int pad, int dil, int groups) {
        return of(x, weight, stride, stride, pad, pad, dil, dil, groups);
    }

    public static ConvGeometry of(int[] x, int[] weight, int sh, int sw, int ph, int pw, int dh, int dw, int groups) {
        if (x.length != 4 || weight.length != 4) throw bad(x, weight, "expected 4-d input and weight");
        if (groups < 1 || x[1] % groups != 0 || weight[0] % groups != 0) {
            throw bad(x, weight, "channels not divisible by groups=" + groups);
        }
        if (weight[1] * groups != x[1]) {
            throw bad(x, weight, "weight expects " + weight[1] * groups + " input channels, input has " + x[1]);
        }
        if (sh < 1 || sw < 1 || dh < 1 || dw < 1 || ph < 0 || pw < 0) {
            throw bad(x, weight, "stride and dilation must be >= 1 and padding >= 0");
        }
        ConvGeometry g = new ConvGeometry(x[0], x[1], x[2], x[3], weight[0], weight[2], weight[3], sh, sw, ph, pw, dh, dw, groups);
        if (g.oh() < 1 || g.ow() < 1) {
            throw bad(x, weight, "kernel larger than the padded input (output would be " + g.oh() + "x" + g.ow() + ")");
        }
        return g;
    }

    /** Built only when a check fails: built on every call, the message was garbage on the hottest path of a step. */
    private static IllegalArgumentException bad(int[] x, int[] weight, String why) {
        return new IllegalArgumentException("conv2d(x=" + java.util.Arrays.toString(x) + ", weight=" + java.util.Arrays.toString(weight) + "): " + why);
    }

    public int oh() { return (h + 2 * padH - dilH * (kh - 1) - 1) / strideH + 1; }
    public int ow() { return (w + 2 * padW - dilW * (kw - 1) - 1) / strideW + 1; }
    public boolean depthwise() { return groups == cin && groups == cout; }
    public boolean pointwise() { return kh == 1 && kw == 1 && strideH == 1 && strideW == 1 && padH == 0 && padW == 0 && groups == 1; }
    public int[] outShape() { return new int[] {n, cout, oh(), ow()}; }
    /** Multiply-accumulates of one forward pass. */
    public long macs() { return (long) n * cout * oh() * ow() * (cin / groups) * kh * kw; }
}
