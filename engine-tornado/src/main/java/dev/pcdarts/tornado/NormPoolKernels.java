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
    /** ip[0..7] are the operands' offsets into mem; the launch's own integers start at ip[P]. */
    private static final int P = Dispatcher.OFFSETS;

    private NormPoolKernels() {}

    /**
     * Batch statistics of channel j of a (x) into b (mean), e (invStd), f (runningMean) and g
     * (runningVar); ip = {c, n, hw, updateRunning}, fp = {momentum, eps}.
     */
    static void batchStats(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o4 = ip.get(4), o5 = ip.get(5), o6 = ip.get(6);
        int j = k.globalIdx;
        int ch = ip.get(P);
        if (j < ch) {
            int n = ip.get(P + 1), hw = ip.get(P + 2);
            double s = 0;
            for (int i = 0; i < n; i++) {
                int off = (i * ch + j) * hw;
                for (int q = 0; q < hw; q++) s += mem.get(o0 + off + q);
            }
            double count = (double) n * hw;
            double m = s / count;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                int off = (i * ch + j) * hw;
                for (int q = 0; q < hw; q++) {
                    float dv = (float) (mem.get(o0 + off + q) - m);
                    sq += dv * dv;
                }
            }
            double var = sq / count;
            mem.set(o1 + j, (float) m);
            mem.set(o4 + j, (float) (1.0 / TornadoMath.sqrt(var + fp.get(1))));
            if (ip.get(P + 3) != 0) {
                float mom = fp.get(0);
                mem.set(o5 + j, (1 - mom) * mem.get(o5 + j) + mom * (float) m);
                mem.set(o6 + j, (1 - mom) * mem.get(o6 + j) + mom * (float) (var * count / (count - 1)));
            }
        }
    }

    /** b = 1/sqrt(a + fp[0]). */
    static void invStd(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1);
        int i = k.globalIdx;
        if (i < ip.get(P)) mem.set(o1 + i, (float) (1.0 / TornadoMath.sqrt((double) mem.get(o0 + i) + fp.get(0))));
    }

    /** c = (a − b)·e·f + g per channel: b (mean), e (invStd), f (gamma), g (beta); ip = {work, c, hw}. */
    static void batchApply(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2), o4 = ip.get(4), o5 = ip.get(5), o6 = ip.get(6);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int ch = ip.get(P + 1);
            int j = (i / ip.get(P + 2)) % ch;
            float scale = mem.get(o4 + j) * mem.get(o5 + j);
            float shift = mem.get(o6 + j) - mem.get(o1 + j) * scale;
            mem.set(o2 + i, mem.get(o0 + i) * scale + shift);
        }
    }

    /**
     * Per-channel Σg and Σg·x̂ of a (x), b (gradOut), c (mean), e (invStd), as float pairs
     * d = {ΣgX̂ high[c], Σg high[c], ΣgX̂ rest[c], Σg rest[c]}; ip = {c, n, hw}.
     */
    static void batchBackwardSums(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2), o3 = ip.get(3), o4 = ip.get(4);
        int j = k.globalIdx;
        int ch = ip.get(P);
        if (j < ch) {
            int n = ip.get(P + 1), hw = ip.get(P + 2);
            float m = mem.get(o2 + j), is = mem.get(o4 + j);
            double sg = 0, sgx = 0;
            for (int i = 0; i < n; i++) {
                int off = (i * ch + j) * hw;
                for (int q = 0; q < hw; q++) {
                    float g = mem.get(o1 + off + q);
                    float xh = (mem.get(o0 + off + q) - m) * is;
                    sg += g;
                    sgx += (double) (g * xh);
                }
            }
            float hx = (float) sgx, hg = (float) sg;
            mem.set(o3 + j, hx);
            mem.set(o3 + ch + j, hg);
            mem.set(o3 + 2 * ch + j, (float) (sgx - hx));
            mem.set(o3 + 3 * ch + j, (float) (sg - hg));
        }
    }

    /**
     * Channel j's gradients from the float pairs of {@link #batchBackwardSums} in a: b (gradGamma)
     * and c (gradBeta) when ip[4], ip[5] say they exist, d (meanG) and e (meanGX), zero unless the
     * statistics are the batch's (ip[3]); ip = {c, n, hw, batchStats, hasGamma, hasBeta}.
     */
    static void batchBackwardFinish(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2), o3 = ip.get(3), o4 = ip.get(4);
        int j = k.globalIdx;
        int ch = ip.get(P);
        if (j < ch) {
            double count = (double) ip.get(P + 1) * ip.get(P + 2);
            double sumGX = (double) mem.get(o0 + j) + mem.get(o0 + 2 * ch + j);
            double sumG = (double) mem.get(o0 + ch + j) + mem.get(o0 + 3 * ch + j);
            if (ip.get(P + 4) != 0) mem.set(o1 + j, (float) sumGX);
            if (ip.get(P + 5) != 0) mem.set(o2 + j, (float) sumG);
            boolean batch = ip.get(P + 3) != 0;
            mem.set(o3 + j, batch ? (float) (sumG / count) : 0f);
            mem.set(o4 + j, batch ? (float) (sumGX / count) : 0f);
        }
    }

    /**
     * d (gradIn) = γ·invStd·(g − mean(g) − x̂·mean(g·x̂)) per channel with c (mean), e (invStd),
     * f (gamma), g (meanG), h (meanGX) (the means are zero for constant statistics); ip = {work, c, hw}.
     */
    static void batchBackwardInput(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2), o3 = ip.get(3), o4 = ip.get(4), o5 = ip.get(5), o6 = ip.get(6), o7 = ip.get(7);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int ch = ip.get(P + 1);
            int j = (i / ip.get(P + 2)) % ch;
            float is = mem.get(o4 + j);
            float xh = (mem.get(o0 + i) - mem.get(o2 + j)) * is;
            mem.set(o3 + i, mem.get(o5 + j) * is * (mem.get(o1 + i) - mem.get(o6 + j) - xh * mem.get(o7 + j)));
        }
    }

    /** b = max over each window of a (−∞ padding; NaN wins, as Math.max). */
    static void maxPool(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int h = ip.get(P + 1), w = ip.get(P + 2), oh = ip.get(P + 3), ow = ip.get(P + 4), ks = ip.get(P + 5), st = ip.get(P + 6), pad = ip.get(P + 7);
            int ox = i % ow;
            int t = i / ow;
            int oy = t % oh;
            int p = t / oh;
            float m = Float.NEGATIVE_INFINITY;
            for (int y = oy * st - pad; y < oy * st - pad + ks; y++) {
                if (y >= 0 && y < h) {
                    for (int x = ox * st - pad; x < ox * st - pad + ks; x++) {
                        if (x >= 0 && x < w) {
                            float v = mem.get(o0 + (p * h + y) * w + x);
                            // a NaN, once taken, stays: nothing compares greater than it
                            if (v > m || v != v) m = v;
                        }
                    }
                }
            }
            mem.set(o1 + i, m);
        }
    }

    /** c (gradIn): each input element collects b (gradOut) of the windows whose first maximum it is. */
    static void maxPoolBackward(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int h = ip.get(P + 1), w = ip.get(P + 2), oh = ip.get(P + 3), ow = ip.get(P + 4), ks = ip.get(P + 5), st = ip.get(P + 6), pad = ip.get(P + 7);
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
                                            float v = mem.get(o0 + (p * h + y) * w + x);
                                            if (best < 0 || v > bestV || v != v) {
                                                best = y * w + x;
                                                bestV = v;
                                            }
                                        }
                                    }
                                }
                            }
                            if (best == me) s += mem.get(o1 + (p * oh + oy) * ow + ox);
                        }
                    }
                }
            }
            mem.set(o2 + i, s);
        }
    }

    /** b = mean of the in-image taps of each window of a (count_include_pad=false). */
    static void avgPool(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int h = ip.get(P + 1), w = ip.get(P + 2), oh = ip.get(P + 3), ow = ip.get(P + 4), ks = ip.get(P + 5), st = ip.get(P + 6), pad = ip.get(P + 7);
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
                            s += mem.get(o0 + (p * h + y) * w + x);
                        }
                    }
                }
            }
            mem.set(o1 + i, s / (rowsIn * colsIn));
        }
    }

    /** c (gradIn): each input element sums gradOut / taps of every window covering it. */
    static void avgPoolBackward(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o2 = ip.get(2);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int h = ip.get(P + 1), w = ip.get(P + 2), oh = ip.get(P + 3), ow = ip.get(P + 4), ks = ip.get(P + 5), st = ip.get(P + 6), pad = ip.get(P + 7);
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
                            s += mem.get(o0 + (p * oh + oy) * ow + ox) / (rowsIn * colsIn);
                        }
                    }
                }
            }
            mem.set(o2 + i, s);
        }
    }

    /** b[plane] = mean of a's plane; ip = {planes, hw}. */
    static void globalAvg(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1);
        int p = k.globalIdx;
        if (p < ip.get(P)) {
            int hw = ip.get(P + 1);
            float s = 0f;
            for (int q = 0; q < hw; q++) s += mem.get(o0 + p * hw + q);
            mem.set(o1 + p, s / hw);
        }
    }

    /** b[plane, q] = a[plane] / hw; ip = {work, hw}. */
    static void globalAvgBackward(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int hw = ip.get(P + 1);
            mem.set(o1 + i, mem.get(o0 + i / hw) / hw);
        }
    }
}
