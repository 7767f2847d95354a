package dev.pcdarts.tornado;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * Elementwise, reduction, layout and optimiser kernels. Every kernel has the one signature the
 * {@link Dispatcher} binds: four float slots a–d, integer parameters {@code ip} (ip[0] is the
 * number of work-items, then the kernel's own) and float parameters {@code fp}. Work-item i
 * computes output element i; reductions run in a fixed order inside one work-item, so results
 * never depend on how the device schedules them.
 */
final class ElementwiseKernels {
    private ElementwiseKernels() {}

    static void fill(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) a.set(i, fp.get(0));
    }

    static void copy(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) b.set(i, a.get(i));
    }

    static void add(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) c.set(i, a.get(i) + b.get(i));
    }

    /** b += fp[0]·a. */
    static void axpy(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) b.set(i, b.get(i) + fp.get(0) * a.get(i));
    }

    /** b = fp[0]·a; a zero scale writes zeros without reading a (the DARTS zero op). */
    static void scale(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) {
            float s = fp.get(0);
            b.set(i, s == 0f ? 0f : a.get(i) * s);
        }
    }

    /** b = a·c[sample], ip[1] elements per sample. */
    static void scaleSamples(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) b.set(i, a.get(i) * c.get(i / ip.get(1)));
    }

    static void relu(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) {
            float v = a.get(i);
            b.set(i, v > 0f ? v : 0f);
        }
    }

    /** c = b where a (the ReLU output) > 0, else 0. */
    static void reluBackward(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) c.set(i, a.get(i) > 0f ? b.get(i) : 0f);
    }

    /**
     * Chunk j of Σ a·b (ip[1] elements, ip[2] per chunk) summed in double; written as a float
     * pair c[j] (high) and c[chunks + j] (the rest) so the host recovers the double sum.
     */
    static void dotChunks(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int j = k.globalIdx;
        int chunks = ip.get(0);
        if (j < chunks) {
            int n = ip.get(1), chunk = ip.get(2);
            int lo = j * chunk;
            int hi = lo + chunk < n ? lo + chunk : n;
            double s = 0;
            for (int i = lo; i < hi; i++) s += (double) (a.get(i) * b.get(i));
            float high = (float) s;
            c.set(j, high);
            c.set(chunks + j, (float) (s - high));
        }
    }

    /** b[:, dstC0 + cc] (=|+=) a[:, srcC0 + cc]; ip = {work, srcC, srcC0, dstC, dstC0, count, hw, accumulate}. */
    static void copyChannels(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) {
            int srcC = ip.get(1), srcC0 = ip.get(2), dstC = ip.get(3), dstC0 = ip.get(4), count = ip.get(5), hw = ip.get(6);
            int px = i % hw;
            int t = i / hw;
            int cc = t % count;
            int n = t / count;
            int s = (n * srcC + srcC0 + cc) * hw + px;
            int o = (n * dstC + dstC0 + cc) * hw + px;
            if (ip.get(7) != 0) b.set(o, b.get(o) + a.get(s));
            else b.set(o, a.get(s));
        }
    }

    /** b[:, o] = a[:, perm[o]]; ip = {work, channels, hw, perm...}. */
    static void permuteChannels(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) {
            int ch = ip.get(1), hw = ip.get(2);
            int px = i % hw;
            int t = i / hw;
            int o = t % ch;
            int n = t / ch;
            b.set(i, a.get((n * ch + ip.get(3 + o)) * hw + px));
        }
    }

    /** b (small) = a (big)[:, :, off::step, off::step]; ip = {work, bh, bw, sh, sw, off, step}. */
    static void spatialGather(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) {
            int bh = ip.get(1), bw = ip.get(2), sh = ip.get(3), sw = ip.get(4), off = ip.get(5), step = ip.get(6);
            int x = i % sw;
            int t = i / sw;
            int y = t % sh;
            int p = t / sh;
            b.set(i, a.get(p * bh * bw + (off + y * step) * bw + off + x * step));
        }
    }

    /** b (big) = 0 except b[:, :, off::step, off::step] = a (small); same ip as the gather. */
    static void spatialScatter(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) {
            int bh = ip.get(1), bw = ip.get(2), sh = ip.get(3), sw = ip.get(4), off = ip.get(5), step = ip.get(6);
            int x = i % bw;
            int t = i / bw;
            int y = t % bh;
            int p = t / bh;
            float v = 0f;
            int ry = y - off, rx = x - off;
            if (ry >= 0 && rx >= 0 && ry % step == 0 && rx % step == 0 && ry / step < sh && rx / step < sw) {
                v = a.get(p * sh * sw + (ry / step) * sw + rx / step);
            }
            b.set(i, v);
        }
    }

    /** PyTorch SGD on a (parameters), b (gradients), c (momentum buffer); fp = {lr, momentum, wd}, ip[1] = first. */
    static void sgd(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) {
            float p = a.get(i);
            float dd = b.get(i) + fp.get(2) * p;
            float buf = ip.get(1) != 0 ? dd : c.get(i) * fp.get(1) + dd;
            c.set(i, buf);
            a.set(i, p - fp.get(0) * buf);
        }
    }

    /** PyTorch Adam (L2 decay) on a (p), b (g), c (m), d (v); fp = {b1, b2, eps, wd, stepSize, sqrt(bc2)}. */
    static void adam(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int i = k.globalIdx;
        if (i < ip.get(0)) {
            float b1 = fp.get(0), b2 = fp.get(1);
            float p = a.get(i);
            float g = b.get(i) + fp.get(3) * p;
            float m = c.get(i) * b1 + g * (1 - b1);
            float v = d.get(i) * b2 + g * g * (1 - b2);
            c.set(i, m);
            d.set(i, v);
            float denom = (float) TornadoMath.sqrt((double) v) / fp.get(5) + fp.get(2);
            a.set(i, p - fp.get(4) * (m / denom));
        }
    }
}
