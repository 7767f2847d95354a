package dev.pcdarts.vector;

import dev.pcdarts.engine.backend.PoolGeometry;
import java.util.Arrays;

/**
 * Max and average pooling per NCHW plane (one task per plane): the vector kernels are
 * {@link PoolPlanes}; these row loops are their scalar twins. Max-pool backward recomputes the
 * first maximum of each window in scan order (PyTorch's tie rule) instead of storing indices.
 */
final class PoolKernels {
    private PoolKernels() {}

    static void maxForward(Rows rows, Parallel par, float[] x, float[] out, PoolGeometry g) {
        if (rows.vector()) PoolPlanes.maxForward(par, x, out, g);
        else window(par, x, out, g, true);
    }

    static void avgForward(Rows rows, Parallel par, float[] x, float[] out, PoolGeometry g) {
        if (rows.vector()) PoolPlanes.avgForward(par, x, out, g);
        else window(par, x, out, g, false);
    }

    private static void window(Parallel par, float[] x, float[] out, PoolGeometry g, boolean max) {
        int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), k = g.k(), s = g.stride(), pad = g.pad();
        par.forRange(g.n() * g.c(), Parallel.grain((long) oh * ow * k * k), (lo, hi) -> {
            for (int pl = lo; pl < hi; pl++) {
                int xOff = pl * h * w, oOff = pl * oh * ow;
                Arrays.fill(out, oOff, oOff + oh * ow, max ? Float.NEGATIVE_INFINITY : 0f);
                for (int y = 0; y < oh; y++) {
                    int orow = oOff + y * ow;
                    for (int i = 0; i < k; i++) {
                        int ih = y * s - pad + i;
                        if (ih < 0 || ih >= h) continue;
                        int xrow = xOff + ih * w;
                        for (int j = 0; j < k; j++) {
                            int off = j - pad;
                            if (s == 1) {
                                int q0 = Math.max(0, -off), q1 = Math.min(ow, w - off);
                                if (q1 <= q0) continue;
                                if (max) Scalar.max(x, xrow + q0 + off, out, orow + q0, q1 - q0);
                                else Scalar.add(x, xrow + q0 + off, out, orow + q0, q1 - q0);
                            } else {
                                for (int q = 0; q < ow; q++) {
                                    int iw = q * s + off;
                                    if (iw < 0 || iw >= w) continue;
                                    out[orow + q] = max ? Math.max(out[orow + q], x[xrow + iw]) : out[orow + q] + x[xrow + iw];
                                }
                            }
                        }
                    }
                    if (!max) {
                        int rowsIn = PoolPlanes.count(y, s, pad, k, h);
                        for (int q = 0; q < ow; q++) out[orow + q] /= rowsIn * PoolPlanes.count(q, s, pad, k, w);
                    }
                }
            }
        });
    }

    static void maxBackward(boolean vector, Parallel par, float[] x, float[] out, float[] gout, float[] gin, PoolGeometry g) {
        int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), k = g.k(), s = g.stride(), pad = g.pad();
        if (vector) {
            PoolPlanes.maxBackward(par, x, out, gout, gin, g);
            return;
        }
        Arrays.fill(gin, 0f);
        par.forRange(g.n() * g.c(), Parallel.grain((long) oh * ow * k * k), (lo, hi) -> {
            for (int pl = lo; pl < hi; pl++) {
                int xOff = pl * h * w, oOff = pl * oh * ow;
                for (int y = 0; y < oh; y++) {
                    for (int q = 0; q < ow; q++) {
                        int best = -1;
                        float bestV = Float.NEGATIVE_INFINITY;
                        for (int i = 0; i < k; i++) {
                            int ih = y * s - pad + i;
                            if (ih < 0 || ih >= h) continue;
                            for (int j = 0; j < k; j++) {
                                int iw = q * s - pad + j;
                                if (iw < 0 || iw >= w) continue;
                                float v = x[xOff + ih * w + iw];
                                if (best < 0 || v > bestV || Float.isNaN(v)) {
                                    best = ih * w + iw;
                                    bestV = v;
                                }
                            }
                        }
                        if (best >= 0) gin[xOff + best] += gout[oOff + y * ow + q];
                    }
                }
            }
        });
    }

    static void avgBackward(Rows rows, Parallel par, float[] gout, float[] gin, PoolGeometry g) {
        if (rows.vector()) {
            PoolPlanes.avgBackward(par, gout, gin, g);
            return;
        }
        int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), k = g.k(), s = g.stride(), pad = g.pad();
        Arrays.fill(gin, 0f);
        par.forRange(g.n() * g.c(), Parallel.grain((long) oh * ow * k * k), (lo, hi) -> {
            float[] scaled = new float[ow];
            for (int pl = lo; pl < hi; pl++) {
                int xOff = pl * h * w, oOff = pl * oh * ow;
                for (int y = 0; y < oh; y++) {
                    int rowsIn = PoolPlanes.count(y, s, pad, k, h);
                    for (int q = 0; q < ow; q++) scaled[q] = gout[oOff + y * ow + q] / (rowsIn * PoolPlanes.count(q, s, pad, k, w));
                    for (int i = 0; i < k; i++) {
                        int ih = y * s - pad + i;
                        if (ih < 0 || ih >= h) continue;
                        int xrow = xOff + ih * w;
                        for (int j = 0; j < k; j++) {
                            int off = j - pad;
                            if (s == 1) {
                                int q0 = Math.max(0, -off), q1 = Math.min(ow, w - off);
                                if (q1 > q0) Scalar.add(scaled, q0, gin, xrow + q0 + off, q1 - q0);
                            } else {
                                for (int q = 0; q < ow; q++) {
                                    int iw = q * s + off;
                                    if (iw >= 0 && iw < w) gin[xrow + iw] += scaled[q];
                                }
                            }
                        }
                    }
                }
            }
        });
    }
}
