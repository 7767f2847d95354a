package dev.pcdarts.tornado;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * Direct convolution and linear kernels, one work-item per output element. The geometry comes
 * in {@code ip} = {work, n, cin, h, w, cout, kh, kw, strideH, strideW, padH, padW, dilH, dilW,
 * groups, oh, ow}. Backward passes gather (each work-item owns the element it writes), so no
 * atomics are needed and the sums run in a fixed order; weight gradients sum in double.
 */
final class ConvKernels {
    /** ip[0..7] are the operands' offsets into mem; the launch's own integers start at ip[P]. */
    private static final int P = Dispatcher.OFFSETS;

    private ConvKernels() {}

    /** c (out) = conv(a (x), b (weight)). */
    static void forward(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int cin = ip.get(P + 2), h = ip.get(P + 3), w = ip.get(P + 4), cout = ip.get(P + 5), kh = ip.get(P + 6), kw = ip.get(P + 7);
            int sh = ip.get(P + 8), sw = ip.get(P + 9), ph = ip.get(P + 10), pw = ip.get(P + 11), dh = ip.get(P + 12), dw = ip.get(P + 13);
            int groups = ip.get(P + 14), oh = ip.get(P + 15), ow = ip.get(P + 16);
            int ox = i % ow;
            int t = i / ow;
            int oy = t % oh;
            t = t / oh;
            int co = t % cout;
            int n = t / cout;
            int cpg = cin / groups;
            int g = co / (cout / groups);
            float s = 0f;
            for (int ci = 0; ci < cpg; ci++) {
                int xBase = (n * cin + g * cpg + ci) * h;
                int wBase = (co * cpg + ci) * kh;
                for (int ky = 0; ky < kh; ky++) {
                    int iy = oy * sh - ph + ky * dh;
                    if (iy >= 0 && iy < h) {
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = ox * sw - pw + kx * dw;
                            if (ix >= 0 && ix < w) s += mem.get(o0 + (xBase + iy) * w + ix) * mem.get(o1 + (wBase + ky) * kw + kx);
                        }
                    }
                }
            }
            mem.set(o2 + i, s);
        }
    }

    /** c (gradIn) from a (gradOut) and b (weight): each input element gathers the outputs it fed. */
    static void backwardInput(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int cin = ip.get(P + 2), h = ip.get(P + 3), w = ip.get(P + 4), cout = ip.get(P + 5), kh = ip.get(P + 6), kw = ip.get(P + 7);
            int sh = ip.get(P + 8), sw = ip.get(P + 9), ph = ip.get(P + 10), pw = ip.get(P + 11), dh = ip.get(P + 12), dw = ip.get(P + 13);
            int groups = ip.get(P + 14), oh = ip.get(P + 15), ow = ip.get(P + 16);
            int ix = i % w;
            int t = i / w;
            int iy = t % h;
            t = t / h;
            int ci = t % cin;
            int n = t / cin;
            int cpg = cin / groups;
            int opg = cout / groups;
            int g = ci / cpg;
            int cil = ci % cpg;
            float s = 0f;
            for (int col = 0; col < opg; col++) {
                int co = g * opg + col;
                for (int ky = 0; ky < kh; ky++) {
                    int ty = iy + ph - ky * dh;
                    if (ty >= 0 && ty % sh == 0 && ty / sh < oh) {
                        int oy = ty / sh;
                        for (int kx = 0; kx < kw; kx++) {
                            int tx = ix + pw - kx * dw;
                            if (tx >= 0 && tx % sw == 0 && tx / sw < ow) {
                                s += mem.get(o0 + ((n * cout + co) * oh + oy) * ow + tx / sw) * mem.get(o1 + ((co * cpg + cil) * kh + ky) * kw + kx);
                            }
                        }
                    }
                }
            }
            mem.set(o2 + i, s);
        }
    }

    /** c (gradWeight) from a (x) and b (gradOut): each weight sums over the batch and the output plane. */
    static void backwardWeight(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int nb = ip.get(P + 1), cin = ip.get(P + 2), h = ip.get(P + 3), w = ip.get(P + 4), cout = ip.get(P + 5), kh = ip.get(P + 6), kw = ip.get(P + 7);
            int sh = ip.get(P + 8), sw = ip.get(P + 9), ph = ip.get(P + 10), pw = ip.get(P + 11), dh = ip.get(P + 12), dw = ip.get(P + 13);
            int groups = ip.get(P + 14), oh = ip.get(P + 15), ow = ip.get(P + 16);
            int kx = i % kw;
            int t = i / kw;
            int ky = t % kh;
            t = t / kh;
            int cpg = cin / groups;
            int cil = t % cpg;
            int co = t / cpg;
            int xc = (co / (cout / groups)) * cpg + cil;
            double s = 0;
            for (int n = 0; n < nb; n++) {
                for (int oy = 0; oy < oh; oy++) {
                    int iy = oy * sh - ph + ky * dh;
                    if (iy >= 0 && iy < h) {
                        int xRow = ((n * cin + xc) * h + iy) * w;
                        int gRow = ((n * cout + co) * oh + oy) * ow;
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = ox * sw - pw + kx * dw;
                            if (ix >= 0 && ix < w) s += (double) (mem.get(o0 + xRow + ix) * mem.get(o1 + gRow + ox));
                        }
                    }
                }
            }
            mem.set(o2 + i, (float) s);
        }
    }

    /** d (out[N,O]) = a (x[N,I]) · b (weight[O,I])ᵀ + c (bias[O], zeros when absent); ip = {work, n, in, o}. */
    static void linear(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2), o3 = ip.get(3);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int in = ip.get(P + 2), o = ip.get(P + 3);
            int r = i / o, j = i % o;
            float s = mem.get(o2 + j);
            for (int q = 0; q < in; q++) s += mem.get(o0 + r * in + q) * mem.get(o1 + j * in + q);
            mem.set(o3 + i, s);
        }
    }

    /** c (gradIn[N,I]) = a (gradOut[N,O]) · b (weight[O,I]). */
    static void linearBackwardInput(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int in = ip.get(P + 2), o = ip.get(P + 3);
            int r = i / in, q = i % in;
            float s = 0f;
            for (int j = 0; j < o; j++) s += mem.get(o0 + r * o + j) * mem.get(o1 + j * in + q);
            mem.set(o2 + i, s);
        }
    }

    /** c (gradWeight[O,I]) = a (gradOut[N,O])ᵀ · b (x[N,I]). */
    static void linearBackwardWeight(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int n = ip.get(P + 1), in = ip.get(P + 2), o = ip.get(P + 3);
            int j = i / in, q = i % in;
            double s = 0;
            for (int r = 0; r < n; r++) s += (double) (mem.get(o0 + r * o + j) * mem.get(o1 + r * in + q));
            mem.set(o2 + i, (float) s);
        }
    }

    /** b (gradBias[O]) = column sums of a (gradOut[N,O]). */
    static void linearBackwardBias(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1);
        int j = k.globalIdx;
        if (j < ip.get(P)) {
            int n = ip.get(P + 1), o = ip.get(P + 3);
            float s = 0f;
            for (int r = 0; r < n; r++) s += mem.get(o0 + r * o + j);
            mem.set(o1 + j, s);
        }
    }
}
