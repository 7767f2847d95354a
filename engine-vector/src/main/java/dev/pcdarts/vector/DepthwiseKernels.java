package dev.pcdarts.vector;

import dev.pcdarts.engine.backend.ConvGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised depthwise convolution for a horizontal stride of 1 (every depthwise layer of the
 * search space but the first one of a stride-2 edge). Each plane is first copied into a
 * zero-bordered scratch plane so the inner loops need no bounds checks; each output vector then
 * sums all kernel taps in a register and is stored once. Rows shorter than a vector use masks.
 * The scalar twin is {@link ConvKernels}'s direct loop.
 */
final class DepthwiseKernels {
    private static final VectorSpecies<Float> F = Vec.F;
    private static final int L = Vec.L;

    private DepthwiseKernels() {}

    static boolean applies(ConvGeometry g) {
        return g.depthwise() && g.strideW() == 1;
    }

    /** Copies plane src (h×w at off) into dst (ph×pw), placed at (top, left), zeros elsewhere. */
    private static void pad(float[] src, int off, int h, int w, float[] dst, int ph, int pw, int top, int left) {
        java.util.Arrays.fill(dst, 0, ph * pw, 0f);
        for (int y = 0; y < h; y++) {
            int r = y + top;
            if (r < 0 || r >= ph) continue;
            int c0 = Math.max(0, -left), c1 = Math.min(w, pw - left);
            if (c1 > c0) System.arraycopy(src, off + y * w + c0, dst, r * pw + left + c0, c1 - c0);
        }
    }

    /** Width rounded up to whole vectors: scratch rows are this long (plus the kernel's reach). */
    static int roundUp(int n) {
        return (n + L - 1) / L * L;
    }

    /**
     * out[y][q] = Σ taps k[i][j]·p[y·sh + i·dh][q + j·dw], with p the padded plane of row length
     * pw ≥ roundUp(ow) + (kw−1)·dw, so every load is a whole vector; a partial last vector is
     * stored through {@code tmp}.
     */
    private static void correlate(float[] p, int pw, float[] k, int kOff, int kh, int kw, int dh, int dw, int sh,
                                  float[] out, int oOff, int oh, int ow, float[] tmp) {
        for (int y = 0; y < oh; y++) {
            int orow = oOff + y * ow;
            for (int q = 0; q < ow; q += L) {
                FloatVector acc = FloatVector.zero(F);
                for (int i = 0; i < kh; i++) {
                    int prow = (y * sh + i * dh) * pw + q;
                    for (int j = 0; j < kw; j++) {
                        acc = FloatVector.fromArray(F, p, prow + j * dw).fma(FloatVector.broadcast(F, k[kOff + i * kw + j]), acc);
                    }
                }
                if (q + L <= ow) {
                    acc.intoArray(out, orow + q);
                } else {
                    acc.intoArray(tmp, 0);
                    System.arraycopy(tmp, 0, out, orow + q, ow - q);
                }
            }
        }
    }

    static void forward(Parallel par, float[] x, float[] w, float[] out, ConvGeometry g) {
        int c = g.cin(), h = g.h(), wd = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw();
        // Rows the output reads: up to (oh−1)·sh + (kh−1)·dh; columns up to ow−1 + (kw−1)·dw, plus a vector of slack for masked loads.
        int ph = (oh - 1) * g.strideH() + (kh - 1) * g.dilH() + 1;
        int pw = roundUp(ow) + (kw - 1) * g.dilW();
        par.forRange(g.n() * c, Parallel.grain((long) oh * ow * kh * kw), (lo, hi) -> {
            float[] p = new float[ph * pw];
            float[] tmp = new float[L];
            for (int pl = lo; pl < hi; pl++) {
                pad(x, pl * h * wd, h, wd, p, ph, pw, g.padH(), g.padW());
                correlate(p, pw, w, (pl % c) * kh * kw, kh, kw, g.dilH(), g.dilW(), g.strideH(), out, pl * oh * ow, oh, ow, tmp);
            }
        });
    }

    /** Stride 1 in both directions: gin is the full correlation of gout with the flipped kernel. */
    static void backwardInput(Parallel par, float[] gout, float[] w, float[] gin, ConvGeometry g) {
        int c = g.cin(), h = g.h(), wd = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw();
        int top = (kh - 1) * g.dilH() - g.padH(), left = (kw - 1) * g.dilW() - g.padW();
        int ph = h + (kh - 1) * g.dilH();
        int pw = roundUp(wd) + (kw - 1) * g.dilW();
        par.forRange(g.n() * c, Parallel.grain((long) h * wd * kh * kw), (lo, hi) -> {
            float[] p = new float[ph * pw];
            float[] tmp = new float[L];
            float[] flipped = new float[kh * kw];
            for (int pl = lo; pl < hi; pl++) {
                int kOff = (pl % c) * kh * kw;
                for (int t = 0; t < kh * kw; t++) flipped[t] = w[kOff + kh * kw - 1 - t];
                pad(gout, pl * oh * ow, oh, ow, p, ph, pw, top, left);
                correlate(p, pw, flipped, 0, kh, kw, g.dilH(), g.dilW(), 1, gin, pl * h * wd, h, wd, tmp);
            }
        });
    }

    /**
     * gw[c][i][j] = Σ_n Σ_y Σ_q gout[n,c,y,q]·p[y·sh + i·dh][q + j·dw], lane-wise in a fixed order,
     * lanes summed last. gout rows are copied to whole vectors with zeros after the row's end.
     */
    static void backwardWeight(Parallel par, float[] x, float[] gout, float[] gw, ConvGeometry g) {
        int c = g.cin(), h = g.h(), wd = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw(), taps = kh * kw;
        int ph = (oh - 1) * g.strideH() + (kh - 1) * g.dilH() + 1;
        int owr = roundUp(ow);
        int pw = owr + (kw - 1) * g.dilW();
        par.forRange(c, Parallel.grain((long) g.n() * oh * ow * taps), (lo, hi) -> {
            float[] p = new float[ph * pw];
            float[] go = new float[oh * owr];
            float[] lanes = new float[taps * L];
            for (int ch = lo; ch < hi; ch++) {
                java.util.Arrays.fill(lanes, 0f);
                for (int n = 0; n < g.n(); n++) {
                    int pl = n * c + ch;
                    pad(x, pl * h * wd, h, wd, p, ph, pw, g.padH(), g.padW());
                    pad(gout, pl * oh * ow, oh, ow, go, oh, owr, 0, 0);
                    for (int i = 0; i < kh; i++) {
                        for (int j = 0; j < kw; j++) {
                            int t = i * kw + j;
                            FloatVector acc = FloatVector.fromArray(F, lanes, t * L);
                            for (int y = 0; y < oh; y++) {
                                int prow = (y * g.strideH() + i * g.dilH()) * pw + j * g.dilW();
                                int grow = y * owr;
                                for (int q = 0; q < owr; q += L) {
                                    acc = FloatVector.fromArray(F, go, grow + q).fma(FloatVector.fromArray(F, p, prow + q), acc);
                                }
                            }
                            acc.intoArray(lanes, t * L);
                        }
                    }
                }
                for (int t = 0; t < taps; t++) gw[ch * taps + t] = Vec.sumLanes(FloatVector.fromArray(F, lanes, t * L));
            }
        });
    }
}
