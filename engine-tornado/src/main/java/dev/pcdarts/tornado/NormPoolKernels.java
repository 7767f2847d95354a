package dev.pcdarts.tornado;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * Batch normalisation (per-channel statistics in double, one work-item per channel; the
 * elementwise parts one work-item per element) and pooling. Pool geometry in {@code ip} =
 * {work, h, w, oh, ow, k, stride, pad}. Backward passes gather: every input element sums the
 * windows that cover it, so nothing is written twice.
 */
final class NormPoolKernels {
    private NormPoolKernels() {}

    /**
     * Batch statistics of channel j of a (x): b = {mean[c], invStd[c], runningMean[c],
     * runningVar[c]}; ip = {c, n, hw, updateRunning}, fp = {momentum, eps}.
     */
    static void batchStats(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int j = k.globalIdx;
        int ch = ip.get(0);
        if (j < ch) {
            int n = ip.get(1), hw = ip.get(2);
            double s = 0;
            for (int i = 0; i < n; i++) {
                int off = (i * ch + j) * hw;
                for (int q = 0; q < hw; q++) s += a.get(off + q);
            }
            double count = (double) n * hw;
            double m = s / count;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                int off = (i * ch + j) * hw;
                for (int q = 0; q < hw; q++) {
                    float dv = (float) (a.get(off + q) - m);
                    sq += dv * dv;
                }
            }
            double var = sq / count;
            b.set(j, (float) m);
            b.set(ch + j, (float) (1.0 / TornadoMath.sqrt(var + fp.get(1))));
            if (ip.get(3) != 0) {
                float mom = fp.get(0);
                b.set(2 * ch + j, (1 - mom) * b.get(2 * ch + j) + mom * (float) m);
                b.set(3 * ch + j, (1 - mom) * b.get(3 * ch + j) + mom * (float) (var * count / (count - 1)));
            }
        }
    }

    /** b = 1/sqrt(a + fp[0]). */
    static void invStd(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) b.set(i, (float) (1.0 / TornadoMath.sqrt((double) a.get(i) + fp.get(0))));
    }

    /** c = (a − mean)·invStd·γ + β with b = {mean[c], invStd[c], gamma[c], beta[c]}; ip = {work, c, hw}. */
    static void batchApply(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) {
            int ch = ip.get(1);
            int j = (i / ip.get(2)) % ch;
            float scale = b.get(ch + j) * b.get(2 * ch + j);
            float shift = b.get(3 * ch + j) - b.get(j) * scale;
            c.set(i, a.get(i) * scale + shift);
        }
    }

    /**
     * Per-channel Σg and Σg·x̂ of a (x), b (gradOut), c = {mean[c], invStd[c]}, as float pairs
     * d = {ΣgX̂ high[c], Σg high[c], ΣgX̂ rest[c], Σg rest[c]}; ip = {c, n, hw}.
     */
    static void batchBackwardSums(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int j = k.globalIdx;
        int ch = ip.get(0);
        if (j < ch) {
            int n = ip.get(1), hw = ip.get(2);
            float m = c.get(j), is = c.get(ch + j);
            double sg = 0, sgx = 0;
            for (int i = 0; i < n; i++) {
                int off = (i * ch + j) * hw;
                for (int q = 0; q < hw; q++) {
                    float g = b.get(off + q);
                    float xh = (a.get(off + q) - m) * is;
                    sg += g;
                    sgx += (double) (g * xh);
                }
            }
            float hx = (float) sgx, hg = (float) sg;
            d.set(j, hx);
            d.set(ch + j, hg);
            d.set(2 * ch + j, (float) (sgx - hx));
            d.set(3 * ch + j, (float) (sg - hg));
        }
    }

    /**
     * d (gradIn) = γ·invStd·(g − mean(g) − x̂·mean(g·x̂)) with c = {mean, invStd, gamma, meanG,
     * meanGX} per channel (the means are zero for constant statistics); ip = {work, c, hw}.
     */
    static void batchBackwardInput(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) {
            int ch = ip.get(1);
            int j = (i / ip.get(2)) % ch;
            float is = c.get(ch + j);
            float xh = (a.get(i) - c.get(j)) * is;
            d.set(i, c.get(2 * ch + j) * is * (b.get(i) - c.get(3 * ch + j) - xh * c.get(4 * ch + j)));
        }
    }

    /** b = max over each window of a (−∞ padding; NaN wins, as Math.max). */
    static void maxPool(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) {
            int h = ip.get(1), w = ip.get(2), oh = ip.get(3), ow = ip.get(4), ks = ip.get(5), st = ip.get(6), pad = ip.get(7);
            int ox = i % ow;
            int t = i / ow;
            int oy = t % oh;
            int p = t / oh;
            float m = Float.NEGATIVE_INFINITY;
            for (int y = oy * st - pad; y < oy * st - pad + ks; y++) {
                if (y >= 0 && y < h) {
                    for (int x = ox * st - pad; x < ox * st - pad + ks; x++) {
                        if (x >= 0 && x < w) {
                            float v = a.get((p * h + y) * w + x);
                            // a NaN, once taken, stays: nothing compares greater than it
                            if (v > m || v != v) m = v;
                        }
                    }
                }
            }
            b.set(i, m);
        }
    }

    /** c (gradIn): each input element collects b (gradOut) of the windows whose first maximum it is. */
    static void maxPoolBackward(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) {
            int h = ip.get(1), w = ip.get(2), oh = ip.get(3), ow = ip.get(4), ks = ip.get(5), st = ip.get(6), pad = ip.get(7);
            int x0 = i % w;
            int t = i / w;
            int y0 = t % h;
            int p = t / h;
            int me = y0 * w + x0;
            float s = 0f;
            for (int oy = 0; oy < oh; oy++) {
                int ty = oy * st - pad;
                if (ty <= y0 && y0 < ty + ks) {
                    for (int ox = 0; ox < ow; ox++) {
                        int tx = ox * st - pad;
                        if (tx <= x0 && x0 < tx + ks) {
                            int best = -1;
                            float bestV = Float.NEGATIVE_INFINITY;
                            for (int y = ty; y < ty + ks; y++) {
                                if (y >= 0 && y < h) {
                                    for (int x = tx; x < tx + ks; x++) {
                                        if (x >= 0 && x < w) {
                                            float v = a.get((p * h + y) * w + x);
                                            if (best < 0 || v > bestV || v != v) {
                                                best = y * w + x;
                                                bestV = v;
                                            }
                                        }
                                    }
                                }
                            }
                            if (best == me) s += b.get((p * oh + oy) * ow + ox);
                        }
                    }
                }
            }
            c.set(i, s);
        }
    }

    /** b = mean of the in-image taps of each window of a (count_include_pad=false). */
    static void avgPool(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) {
            int h = ip.get(1), w = ip.get(2), oh = ip.get(3), ow = ip.get(4), ks = ip.get(5), st = ip.get(6), pad = ip.get(7);
            int ox = i % ow;
            int t = i / ow;
            int oy = t % oh;
            int p = t / oh;
            float s = 0f;
            int rowsIn = 0, colsIn = 0;
            for (int y = oy * st - pad; y < oy * st - pad + ks; y++) {
                if (y >= 0 && y < h) {
                    rowsIn++;
                    colsIn = 0;
                    for (int x = ox * st - pad; x < ox * st - pad + ks; x++) {
                        if (x >= 0 && x < w) {
                            colsIn++;
                            s += a.get((p * h + y) * w + x);
                        }
                    }
                }
            }
            b.set(i, s / (rowsIn * colsIn));
        }
    }

    /** c (gradIn): each input element sums gradOut / taps of every window covering it. */
    static void avgPoolBackward(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) {
            int h = ip.get(1), w = ip.get(2), oh = ip.get(3), ow = ip.get(4), ks = ip.get(5), st = ip.get(6), pad = ip.get(7);
            int x0 = i % w;
            int t = i / w;
            int y0 = t % h;
            int p = t / h;
            float s = 0f;
            for (int oy = 0; oy < oh; oy++) {
                int ty = oy * st - pad;
                if (ty <= y0 && y0 < ty + ks) {
                    int rowsIn = TornadoMath.min(ty + ks, h) - TornadoMath.max(ty, 0);
                    for (int ox = 0; ox < ow; ox++) {
                        int tx = ox * st - pad;
                        if (tx <= x0 && x0 < tx + ks) {
                            int colsIn = TornadoMath.min(tx + ks, w) - TornadoMath.max(tx, 0);
                            s += a.get((p * oh + oy) * ow + ox) / (rowsIn * colsIn);
                        }
                    }
                }
            }
            c.set(i, s);
        }
    }

    /** b[plane] = mean of a's plane; ip = {planes, hw}. */
    static void globalAvg(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int p = k.globalIdx;
        if (p < ip.get(0)) {
            int hw = ip.get(1);
            float s = 0f;
            for (int q = 0; q < hw; q++) s += a.get(p * hw + q);
            b.set(p, s / hw);
        }
    }

    /** b[plane, q] = a[plane] / hw; ip = {work, hw}. */
    static void globalAvgBackward(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) {
            int hw = ip.get(1);
            b.set(i, a.get(i / hw) / hw);
        }
    }
}
