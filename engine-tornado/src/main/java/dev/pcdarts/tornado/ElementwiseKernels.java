package dev.pcdarts.tornado;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * Elementwise, reduction, layout and optimiser kernels. Every kernel has the one signature the
 * {@link Dispatcher} binds: the device memory {@code mem}, integer parameters {@code ip} (the
 * offsets of operands a–h into mem, then at ip[P] the number of work-items, then the kernel's
 * own; "ip[1]" in a comment means ip[P + 1]) and float parameters {@code fp}. Work-item i
 * computes output element i; reductions run in a fixed order inside one work-item, so results
 * never depend on how the device schedules them.
 */
final class ElementwiseKernels {
    /** ip[0..7] are the operands' offsets into mem; the launch's own integers start at ip[P]. */
    private static final int P = Dispatcher.OFFSETS;

    private ElementwiseKernels() {}

    static void fill(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0);
        int i = k.globalIdx;
        if (i < ip.get(P)) mem.set(o0 + i, fp.get(0));
    }

    static void copy(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1);
        int i = k.globalIdx;
        if (i < ip.get(P)) mem.set(o1 + i, mem.get(o0 + i));
    }

    static void add(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2);
        int i = k.globalIdx;
        if (i < ip.get(P)) mem.set(o2 + i, mem.get(o0 + i) + mem.get(o1 + i));
    }

    /** b += fp[0]·a. */
    static void axpy(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1);
        int i = k.globalIdx;
        if (i < ip.get(P)) mem.set(o1 + i, mem.get(o1 + i) + fp.get(0) * mem.get(o0 + i));
    }

    /** b += c[ip[1]]·a: the weight is read where it lives, on the device. */
    static void axpyIndexed(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2);
        int i = k.globalIdx;
        if (i < ip.get(P)) mem.set(o1 + i, mem.get(o1 + i) + mem.get(o2 + ip.get(P + 1)) * mem.get(o0 + i));
    }

    /** b = c[ip[1]]·a, zeros for a zero weight (as {@link #scale}). */
    static void scaleIndexed(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            float s = mem.get(o2 + ip.get(P + 1));
            mem.set(o1 + i, s == 0f ? 0f : mem.get(o0 + i) * s);
        }
    }

    /** b = fp[0]·a; a zero scale writes zeros without reading a (the DARTS zero op). */
    static void scale(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            float s = fp.get(0);
            mem.set(o1 + i, s == 0f ? 0f : mem.get(o0 + i) * s);
        }
    }

    /** b = a·c[sample], ip[1] elements per sample. */
    static void scaleSamples(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2);
        int i = k.globalIdx;
        if (i < ip.get(P)) mem.set(o1 + i, mem.get(o0 + i) * mem.get(o2 + i / ip.get(P + 1)));
    }

    static void relu(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            float v = mem.get(o0 + i);
            mem.set(o1 + i, v > 0f ? v : 0f);
        }
    }

    /** c = b where a (the ReLU output) > 0, else 0. */
    static void reluBackward(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2);
        int i = k.globalIdx;
        if (i < ip.get(P)) mem.set(o2 + i, mem.get(o0 + i) > 0f ? mem.get(o1 + i) : 0f);
    }

    /**
     * Chunk j of Σ a·b (ip[1] elements, ip[2] per chunk) summed in double; written as a float
     * pair c[j] (high) and c[chunks + j] (the rest) so the host recovers the double sum.
     */
    static void dotChunks(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2);
        int j = k.globalIdx;
        int chunks = ip.get(P);
        if (j < chunks) {
            int n = ip.get(P + 1), chunk = ip.get(P + 2);
            int lo = j * chunk;
            int hi = lo + chunk < n ? lo + chunk : n;
            double s = 0;
            for (int i = lo; i < hi; i++) s += (double) (mem.get(o0 + i) * mem.get(o1 + i));
            float high = (float) s;
            mem.set(o2 + j, high);
            mem.set(o2 + chunks + j, (float) (s - high));
        }
    }

    /**
     * b[slots[i]] = (float) Σⱼ (a's chunk j of dot i, a float pair, in double), in chunk order as
     * the host sums {@link #dotChunks}; ip = {count, chunks, slots[count]}, dot i's pairs at i·2·chunks.
     */
    static void dotsFinish(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int chunks = ip.get(P + 1);
            int base = o0 + i * 2 * chunks;
            double s = 0;
            for (int j = 0; j < chunks; j++) s += (double) mem.get(base + j) + mem.get(base + chunks + j);
            mem.set(o1 + ip.get(P + 2 + i), (float) s);
        }
    }

    /** b[:, dstC0 + cc] (=|+=) a[:, srcC0 + cc]; ip = {work, srcC, srcC0, dstC, dstC0, count, hw, accumulate}. */
    static void copyChannels(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int srcC = ip.get(P + 1), srcC0 = ip.get(P + 2), dstC = ip.get(P + 3), dstC0 = ip.get(P + 4), count = ip.get(P + 5), hw = ip.get(P + 6);
            int px = i % hw;
            int t = i / hw;
            int cc = t % count;
            int n = t / count;
            int s = (n * srcC + srcC0 + cc) * hw + px;
            int o = (n * dstC + dstC0 + cc) * hw + px;
            if (ip.get(P + 7) != 0) mem.set(o1 + o, mem.get(o1 + o) + mem.get(o0 + s));
            else mem.set(o1 + o, mem.get(o0 + s));
        }
    }

    /** b[:, o] = a[:, perm[o]]; ip = {work, channels, hw, perm...}. */
    static void permuteChannels(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int ch = ip.get(P + 1), hw = ip.get(P + 2);
            int px = i % hw;
            int t = i / hw;
            int o = t % ch;
            int n = t / ch;
            mem.set(o1 + i, mem.get(o0 + (n * ch + ip.get(P + 3 + o)) * hw + px));
        }
    }

    /** b[:, to[j]] = a[:, from[j]]; ip = {work, srcC, dstC, hw, count, from[count], to[count]}. */
    static void gatherChannels(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int srcC = ip.get(P + 1), dstC = ip.get(P + 2), hw = ip.get(P + 3), count = ip.get(P + 4);
            int px = i % hw;
            int t = i / hw;
            int j = t % count;
            int n = t / count;
            int from = ip.get(P + 5 + j), to = ip.get(P + 5 + count + j);
            mem.set(o1 + (n * dstC + to) * hw + px, mem.get(o0 + (n * srcC + from) * hw + px));
        }
    }

    /** b (small) = a (big)[:, :, off::step, off::step]; ip = {work, bh, bw, sh, sw, off, step}. */
    static void spatialGather(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int bh = ip.get(P + 1), bw = ip.get(P + 2), sh = ip.get(P + 3), sw = ip.get(P + 4), off = ip.get(P + 5), step = ip.get(P + 6);
            int x = i % sw;
            int t = i / sw;
            int y = t % sh;
            int p = t / sh;
            mem.set(o1 + i, mem.get(o0 + p * bh * bw + (off + y * step) * bw + off + x * step));
        }
    }

    /** b (big) = 0 except b[:, :, off::step, off::step] = a (small); same ip as the gather. */
    static void spatialScatter(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            int bh = ip.get(P + 1), bw = ip.get(P + 2), sh = ip.get(P + 3), sw = ip.get(P + 4), off = ip.get(P + 5), step = ip.get(P + 6);
            int x = i % bw;
            int t = i / bw;
            int y = t % bh;
            int p = t / bh;
            float v = 0f;
            int ry = y - off, rx = x - off;
            if (ry >= 0 && rx >= 0 && ry % step == 0 && rx % step == 0 && ry / step < sh && rx / step < sw) {
                v = mem.get(o0 + p * sh * sw + (ry / step) * sw + rx / step);
            }
            mem.set(o1 + i, v);
        }
    }

    /** PyTorch SGD on a (parameters), b (gradients), c (momentum buffer); fp = {lr, momentum, wd}, ip[1] = first. */
    static void sgd(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            float p = mem.get(o0 + i);
            float dd = mem.get(o1 + i) + fp.get(2) * p;
            float buf = ip.get(P + 1) != 0 ? dd : mem.get(o2 + i) * fp.get(1) + dd;
            mem.set(o2 + i, buf);
            mem.set(o0 + i, p - fp.get(0) * buf);
        }
    }

    /** PyTorch Adam (L2 decay) on a (p), b (g), c (m), d (v); fp = {b1, b2, eps, wd, stepSize, sqrt(bc2)}. */
    static void adam(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2), o3 = ip.get(3);
        int i = k.globalIdx;
        if (i < ip.get(P)) {
            float b1 = fp.get(0), b2 = fp.get(1);
            float p = mem.get(o0 + i);
            float g = mem.get(o1 + i) + fp.get(3) * p;
            float m = mem.get(o2 + i) * b1 + g * (1 - b1);
            float v = mem.get(o3 + i) * b2 + g * g * (1 - b2);
            mem.set(o2 + i, m);
            mem.set(o3 + i, v);
            float denom = (float) TornadoMath.sqrt((double) v) / fp.get(5) + fp.get(2);
            mem.set(o0 + i, p - fp.get(4) * (m / denom));
        }
    }
}
