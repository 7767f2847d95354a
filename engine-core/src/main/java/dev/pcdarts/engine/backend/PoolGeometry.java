package dev.pcdarts.engine.backend;

/** Shapes of a 2-d pooling: input N×C×H×W, square kernel, stride and padding. */
public record PoolGeometry(int n, int c, int h, int w, int k, int stride, int pad) {

    public static PoolGeometry of(String op, int[] x, int k, int stride, int pad) {
        if (x.length != 4) throw bad(op, x, k, stride, pad, "expected a 4-d input");
        if (k < 1 || stride < 1 || pad < 0) throw bad(op, x, k, stride, pad, "bad kernel, stride or padding");
        if (2 * pad > k) throw bad(op, x, k, stride, pad, "padding must be at most half the kernel");
        PoolGeometry g = new PoolGeometry(x[0], x[1], x[2], x[3], k, stride, pad);
        if (g.oh() < 1 || g.ow() < 1) throw bad(op, x, k, stride, pad, "kernel larger than the padded input");
        return g;
    }

    /** Built only when a check fails, not on every call (see ConvGeometry). */
    private static IllegalArgumentException bad(String op, int[] x, int k, int stride, int pad, String why) {
        return new IllegalArgumentException(op + "(x=" + java.util.Arrays.toString(x) + ", k=" + k + ", stride=" + stride + ", pad=" + pad + "): " + why);
    }

    public int oh() { return (h + 2 * pad - k) / stride + 1; }
    public int ow() { return (w + 2 * pad - k) / stride + 1; }
    public int[] outShape() { return new int[] {n, c, oh(), ow()}; }
}
