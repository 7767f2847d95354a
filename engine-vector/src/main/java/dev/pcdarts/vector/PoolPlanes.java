package dev.pcdarts.vector;

import dev.pcdarts.engine.backend.PoolGeometry;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised max and average pooling, any stride, over {@link Window} scratch planes (a −∞ or
 * zero border, columns split by stride phase): each output vector takes all k×k taps in
 * registers, four output rows at a time. The backward passes are windows too, over the output
 * gradient spread back to the input grid (zeros between strided outputs): average pooling sums
 * the scaled gradients of the windows covering an input; max pooling first writes, per output,
 * which tap held its maximum (the first in scan order, PyTorch's tie rule; the last NaN when the
 * maximum is NaN), then each input sums the gradients of the outputs whose maximum it was.
 * The scalar twins are {@link PoolKernels}' row loops.
 */
final class PoolPlanes {
    private static final VectorSpecies<Float> F = Vec.F;
    private static final int L = Vec.L;
    /** The tap index of an output with no maximum: a border cell of the spread tap plane. */
    private static final float NO_TAP = -1f;

    private PoolPlanes() {}

    static void maxForward(Parallel par, float[] x, float[] out, PoolGeometry g) {
        int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), k = g.k();
        Window win = Window.of(oh, ow, k, k, g.stride(), g.stride(), 1, 1);
        par.forRange(g.n() * g.c(), Parallel.grain((long) oh * ow * k * k), (lo, hi) -> {
            float[] p = win.scratch(0, Float.NEGATIVE_INFINITY);
            for (int pl = lo; pl < hi; pl++) {
                win.place(x, pl * h * w, h, w, g.pad(), g.pad(), p);
                maxWindow(p, win, out, pl * oh * ow, oh, ow);
            }
        });
    }

    static void avgForward(Parallel par, float[] x, float[] out, PoolGeometry g) {
        int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), k = g.k();
        Window win = Window.of(oh, ow, k, k, g.stride(), g.stride(), 1, 1);
        float[] div = divisors(g);
        par.forRange(g.n() * g.c(), Parallel.grain((long) oh * ow * k * k), (lo, hi) -> {
            float[] p = win.scratch(0, 0f);
            for (int pl = lo; pl < hi; pl++) {
                win.place(x, pl * h * w, h, w, g.pad(), g.pad(), p);
                sumWindow(p, win, div, out, pl * oh * ow, oh, ow);
            }
        });
    }

    /** gin[i] = Σ over the windows covering input i of gout/count, the gradient spread by the stride. */
    static void avgBackward(Parallel par, float[] gout, float[] gin, PoolGeometry g) {
        int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), k = g.k(), s = g.stride(), back = k - 1 - g.pad();
        Window win = Window.of(h, w, k, k, 1, 1, 1, 1);
        float[] div = divisors(g);
        par.forRange(g.n() * g.c(), Parallel.grain((long) h * w * k * k), (lo, hi) -> {
            float[] p = win.scratch(0, 0f);
            float[] scaled = Scratch.get(1, oh * ow);
            for (int pl = lo; pl < hi; pl++) {
                int o = pl * oh * ow;
                for (int i = 0; i < oh * ow; i += L) {
                    var m = F.indexInRange(i, oh * ow);
                    FloatVector.fromArray(F, gout, o + i, m).div(FloatVector.fromArray(F, div, i, m)).intoArray(scaled, i, m);
                }
                win.place(scaled, 0, oh, ow, back, back, s, s, false, p);
                sumWindow(p, win, null, gin, pl * h * w, h, w);
            }
        });
    }

    /** gin[i] = Σ of gout over the outputs whose (first) maximum was input i. */
    static void maxBackward(Parallel par, float[] x, float[] out, float[] gout, float[] gin, PoolGeometry g) {
        int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), k = g.k(), s = g.stride(), back = k - 1 - g.pad();
        Window fwd = Window.of(oh, ow, k, k, s, s, 1, 1);
        Window bwd = Window.of(h, w, k, k, 1, 1, 1, 1);
        par.forRange(g.n() * g.c(), Parallel.grain((long) (oh * ow + h * w) * k * k), (lo, hi) -> {
            float[] p = fwd.scratch(0, Float.NEGATIVE_INFINITY);
            float[] arg = Scratch.get(1, oh * ow);
            float[] spreadArg = bwd.scratch(2, NO_TAP);
            float[] spreadGrad = bwd.scratch(3, 0f);
            for (int pl = lo; pl < hi; pl++) {
                int o = pl * oh * ow;
                fwd.place(x, pl * h * w, h, w, g.pad(), g.pad(), p);
                argmaxWindow(p, fwd, out, o, arg, oh, ow);
                bwd.place(arg, 0, oh, ow, back, back, s, s, false, spreadArg);
                bwd.place(gout, o, oh, ow, back, back, s, s, false, spreadGrad);
                routeWindow(spreadArg, spreadGrad, bwd, gin, pl * h * w, h, w);
            }
        });
    }

    /**
     * count(y)·count(q), the in-image taps of each output's window (average pooling leaves the
     * padding out). Kept per plane geometry (a search uses a handful), read-only once made: made
     * afresh they were garbage on every call.
     */
    private static float[] divisors(PoolGeometry g) {
        if (g.h() >= 1 << 16 || g.w() >= 1 << 16 || g.k() >= 1 << 8 || g.stride() >= 1 << 8 || g.pad() >= 1 << 8) return makeDivisors(g);
        long key = ((((long) g.h() << 16 | g.w()) << 8 | g.k()) << 8 | g.stride()) << 8 | g.pad();
        Divisors[] known = divisors;
        for (Divisors d : known) {
            if (d.key == key) return d.values;
        }
        float[] made = makeDivisors(g);
        synchronized (PoolPlanes.class) { // copy on write: readers see the old array or the new one, whole
            Divisors[] grown = Arrays.copyOf(divisors, divisors.length + 1);
            grown[grown.length - 1] = new Divisors(key, made);
            divisors = grown;
        }
        return made;
    }

    private record Divisors(long key, float[] values) {}

    private static volatile Divisors[] divisors = new Divisors[0];

    private static float[] makeDivisors(PoolGeometry g) {
        int oh = g.oh(), ow = g.ow();
        float[] d = new float[oh * ow];
        for (int y = 0; y < oh; y++) {
            for (int q = 0; q < ow; q++) d[y * ow + q] = count(y, g.stride(), g.pad(), g.k(), g.h()) * count(q, g.stride(), g.pad(), g.k(), g.w());
        }
        return d;
    }

    /** In-image taps of window position {@code o} along an axis of length {@code n}. */
    static int count(int o, int s, int pad, int k, int n) {
        int start = o * s - pad;
        return Math.min(start + k, n) - Math.max(start, 0);
    }

    private static void maxWindow(float[] p, Window win, float[] out, int oOff, int oh, int ow) {
        int[] taps = win.taps();
        int step = win.rowStep(), nt = taps.length;
        for (int q = 0; q < ow; q += L) {
            boolean whole = q + L <= ow;
            int y = 0;
            for (; y + 4 <= oh; y += 4) {
                int b = y * step + q;
                FloatVector a0 = FloatVector.fromArray(F, p, b + taps[0]), a1 = FloatVector.fromArray(F, p, b + step + taps[0]),
                        a2 = FloatVector.fromArray(F, p, b + 2 * step + taps[0]), a3 = FloatVector.fromArray(F, p, b + 3 * step + taps[0]);
                for (int t = 1; t < nt; t++) {
                    int o = b + taps[t];
                    a0 = a0.max(FloatVector.fromArray(F, p, o));
                    a1 = a1.max(FloatVector.fromArray(F, p, o + step));
                    a2 = a2.max(FloatVector.fromArray(F, p, o + 2 * step));
                    a3 = a3.max(FloatVector.fromArray(F, p, o + 3 * step));
                }
                int d = oOff + y * ow + q;
                Window.store(a0, out, d, whole, ow - q);
                Window.store(a1, out, d + ow, whole, ow - q);
                Window.store(a2, out, d + 2 * ow, whole, ow - q);
                Window.store(a3, out, d + 3 * ow, whole, ow - q);
            }
            for (; y < oh; y++) {
                int b = y * step + q;
                FloatVector a = FloatVector.fromArray(F, p, b + taps[0]);
                for (int t = 1; t < nt; t++) a = a.max(FloatVector.fromArray(F, p, b + taps[t]));
                Window.store(a, out, oOff + y * ow + q, whole, ow - q);
            }
        }
    }

    /** out = 0 + Σ taps in order, then divided by div (oh×ow) when there is one. */
    private static void sumWindow(float[] p, Window win, float[] div, float[] out, int oOff, int oh, int ow) {
        int[] taps = win.taps();
        int step = win.rowStep(), nt = taps.length;
        for (int q = 0; q < ow; q += L) {
            boolean whole = q + L <= ow;
            int y = 0;
            for (; y + 4 <= oh; y += 4) {
                int b = y * step + q;
                FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
                for (int t = 0; t < nt; t++) {
                    int o = b + taps[t];
                    a0 = a0.add(FloatVector.fromArray(F, p, o));
                    a1 = a1.add(FloatVector.fromArray(F, p, o + step));
                    a2 = a2.add(FloatVector.fromArray(F, p, o + 2 * step));
                    a3 = a3.add(FloatVector.fromArray(F, p, o + 3 * step));
                }
                int d = oOff + y * ow + q;
                Window.store(a0, out, d, whole, ow - q);
                Window.store(a1, out, d + ow, whole, ow - q);
                Window.store(a2, out, d + 2 * ow, whole, ow - q);
                Window.store(a3, out, d + 3 * ow, whole, ow - q);
            }
            for (; y < oh; y++) {
                int b = y * step + q;
                FloatVector a = FloatVector.zero(F);
                for (int t = 0; t < nt; t++) a = a.add(FloatVector.fromArray(F, p, b + taps[t]));
                Window.store(a, out, oOff + y * ow + q, whole, ow - q);
            }
        }
        if (div == null) return;
        // a separate pass: a vector reassigned under a condition can be boxed by the JIT
        for (int i = 0; i < oh * ow; i += L) {
            var m = F.indexInRange(i, oh * ow);
            FloatVector.fromArray(F, out, oOff + i, m).div(FloatVector.fromArray(F, div, i, m)).intoArray(out, oOff + i, m);
        }
    }

    /**
     * arg[y][q] = the first tap, in scan order, holding out[y][q] (taps visited last to first, each
     * match overwriting); where the maximum is NaN, the last NaN tap, as PyTorch's scan keeps it.
     */
    private static void argmaxWindow(float[] p, Window win, float[] out, int oOff, float[] arg, int oh, int ow) {
        int[] taps = win.taps();
        int step = win.rowStep(), nt = taps.length;
        FloatVector none = FloatVector.broadcast(F, NO_TAP);
        for (int y = 0; y < oh; y++) {
            for (int q = 0; q < ow; q += L) {
                var m = F.indexInRange(q, ow);
                int b = y * step + q;
                FloatVector mx = FloatVector.fromArray(F, out, oOff + y * ow + q, m);
                FloatVector idx = none;
                for (int t = nt - 1; t >= 0; t--) {
                    idx = idx.blend(FloatVector.broadcast(F, (float) t), FloatVector.fromArray(F, p, b + taps[t]).compare(VectorOperators.EQ, mx));
                }
                if (mx.test(VectorOperators.IS_NAN).anyTrue()) { // rare: a NaN maximum never equals itself
                    var nan = mx.test(VectorOperators.IS_NAN);
                    for (int t = 0; t < nt; t++) {
                        idx = idx.blend(FloatVector.broadcast(F, (float) t), FloatVector.fromArray(F, p, b + taps[t]).test(VectorOperators.IS_NAN).and(nan));
                    }
                }
                idx.intoArray(arg, y * ow + q, m);
            }
        }
    }

    /**
     * gin = Σ over the transposed window's taps t' of the spread gradient where the spread tap
     * plane names the forward tap nt−1−t' (the one that reads this input), in t' order from zero.
     */
    private static void routeWindow(float[] arg, float[] grad, Window win, float[] gin, int oOff, int h, int w) {
        int[] taps = win.taps();
        int step = win.rowStep(), nt = taps.length;
        FloatVector zero = FloatVector.zero(F);
        for (int q = 0; q < w; q += L) {
            boolean whole = q + L <= w;
            int y = 0;
            for (; y + 4 <= h; y += 4) {
                int b = y * step + q;
                FloatVector a0 = zero, a1 = zero, a2 = zero, a3 = zero;
                for (int t = 0; t < nt; t++) {
                    int o = b + taps[t];
                    FloatVector id = FloatVector.broadcast(F, (float) (nt - 1 - t));
                    a0 = a0.add(zero.blend(FloatVector.fromArray(F, grad, o), FloatVector.fromArray(F, arg, o).eq(id)));
                    a1 = a1.add(zero.blend(FloatVector.fromArray(F, grad, o + step), FloatVector.fromArray(F, arg, o + step).eq(id)));
                    a2 = a2.add(zero.blend(FloatVector.fromArray(F, grad, o + 2 * step), FloatVector.fromArray(F, arg, o + 2 * step).eq(id)));
                    a3 = a3.add(zero.blend(FloatVector.fromArray(F, grad, o + 3 * step), FloatVector.fromArray(F, arg, o + 3 * step).eq(id)));
                }
                int d = oOff + y * w + q;
                Window.store(a0, gin, d, whole, w - q);
                Window.store(a1, gin, d + w, whole, w - q);
                Window.store(a2, gin, d + 2 * w, whole, w - q);
                Window.store(a3, gin, d + 3 * w, whole, w - q);
            }
            for (; y < h; y++) {
                int b = y * step + q;
                FloatVector a = zero;
                for (int t = 0; t < nt; t++) {
                    int o = b + taps[t];
                    var hit = FloatVector.fromArray(F, arg, o).eq(FloatVector.broadcast(F, (float) (nt - 1 - t)));
                    a = a.add(zero.blend(FloatVector.fromArray(F, grad, o), hit));
                }
                Window.store(a, gin, oOff + y * w + q, whole, w - q);
            }
        }
    }
}
