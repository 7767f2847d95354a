package dev.pcdarts.vector;

import dev.pcdarts.engine.backend.ConvGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised depthwise convolution, any stride and dilation, over {@link Window} scratch planes
 * (zero border, columns split by stride phase), so inner loops load whole vectors with no bounds
 * checks. Every loop keeps several independent accumulators in registers, because on 4-channel
 * 32×32 planes a single chain of dependent FMAs (one per tap) costs more than the loads: the
 * forward pass sums four output rows at a time, the weight gradient nine (3×3) or five (one
 * kernel row of a 5×5) taps at a time. The order in which each output or tap sums its terms is
 * the same as one accumulator would use. Stride-1 windows that keep the plane's size read a
 * {@link FlatWindow} instead where it is faster (see {@link FlatWindow#correlates}). The scalar
 * twin is {@link ConvKernels}'s direct loop.
 */
final class DepthwiseKernels {
    private static final VectorSpecies<Float> F = Vec.F;
    private static final int L = Vec.L;

    private DepthwiseKernels() {}

    /**
     * out[y][q] = Σ_t k[kOff + t]·p[y·rowStep + q + taps[t]] for columns q ≥ q0 (a multiple of the
     * vector length), the taps summed in order from zero, four output rows at a time (four
     * independent FMA chains sharing each weight broadcast).
     */
    static void correlate(float[] p, Window win, float[] k, int kOff, float[] out, int oOff, int oh, int ow, int q0) {
        int[] taps = win.taps();
        int step = win.rowStep(), nt = taps.length;
        for (int q = q0; q < ow; q += L) {
            boolean whole = q + L <= ow;
            int y = 0;
            for (; y + 4 <= oh; y += 4) {
                FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
                int b = y * step + q;
                for (int t = 0; t < nt; t++) {
                    FloatVector wv = FloatVector.broadcast(F, k[kOff + t]);
                    int o = b + taps[t];
                    a0 = FloatVector.fromArray(F, p, o).fma(wv, a0);
                    a1 = FloatVector.fromArray(F, p, o + step).fma(wv, a1);
                    a2 = FloatVector.fromArray(F, p, o + 2 * step).fma(wv, a2);
                    a3 = FloatVector.fromArray(F, p, o + 3 * step).fma(wv, a3);
                }
                int d = oOff + y * ow + q;
                Window.store(a0, out, d, whole, ow - q);
                Window.store(a1, out, d + ow, whole, ow - q);
                Window.store(a2, out, d + 2 * ow, whole, ow - q);
                Window.store(a3, out, d + 3 * ow, whole, ow - q);
            }
            for (; y < oh; y++) {
                FloatVector a = FloatVector.zero(F);
                int b = y * step + q;
                for (int t = 0; t < nt; t++) a = FloatVector.fromArray(F, p, b + taps[t]).fma(FloatVector.broadcast(F, k[kOff + t]), a);
                Window.store(a, out, oOff + y * ow + q, whole, ow - q);
            }
        }
    }

    /**
     * {@link #correlate} for a 3×3 window with taps and weights in registers for the whole plane,
     * two output rows at a time (an odd last row is done again with the one before it: same
     * values), or four at stride 1 without dilation ({@link #correlate9Rows4}). Kept this small
     * on purpose: a larger body passes C2's node budget, and a Vector API call it then leaves
     * un-inlined allocates on every use (so each of the two bodies broadcasts its own weights).
     */
    static void correlate9(float[] p, Window win, float[] k, int kOff, float[] out, int oOff, int oh, int ow) {
        int whole = ow / L * L; // whole vectors here, a partial last one in correlate: masked stores cost C2 nodes
        if (oh < 2 || whole == 0) {
            correlate(p, win, k, kOff, out, oOff, oh, ow, 0);
            return;
        }
        int[] tp = win.taps();
        int step = win.rowStep();
        if (oh >= 4 && win.phases() == 1 && step == win.pw() && tp[3] == step) { // stride 1, no dilation: four rows per input load
            correlate9Rows4(p, step, tp[1], tp[2], k, kOff, out, oOff, oh, ow, whole);
            if (whole < ow) correlate(p, win, k, kOff, out, oOff, oh, ow, whole);
            return;
        }
        int t0 = tp[0], t1 = tp[1], t2 = tp[2], t3 = tp[3], t4 = tp[4], t5 = tp[5], t6 = tp[6], t7 = tp[7], t8 = tp[8];
        FloatVector w0 = FloatVector.broadcast(F, k[kOff]), w1 = FloatVector.broadcast(F, k[kOff + 1]),
                w2 = FloatVector.broadcast(F, k[kOff + 2]), w3 = FloatVector.broadcast(F, k[kOff + 3]),
                w4 = FloatVector.broadcast(F, k[kOff + 4]), w5 = FloatVector.broadcast(F, k[kOff + 5]),
                w6 = FloatVector.broadcast(F, k[kOff + 6]), w7 = FloatVector.broadcast(F, k[kOff + 7]),
                w8 = FloatVector.broadcast(F, k[kOff + 8]);
        for (int q = 0; q < whole; q += L) {
            for (int y0 = 0; y0 < oh; y0 += 2) {
                int y = Math.min(y0, oh - 2);
                int b = y * step + q, c = b + step;
                FloatVector a = FloatVector.zero(F), e = a;
                a = FloatVector.fromArray(F, p, b + t0).fma(w0, a);
                e = FloatVector.fromArray(F, p, c + t0).fma(w0, e);
                a = FloatVector.fromArray(F, p, b + t1).fma(w1, a);
                e = FloatVector.fromArray(F, p, c + t1).fma(w1, e);
                a = FloatVector.fromArray(F, p, b + t2).fma(w2, a);
                e = FloatVector.fromArray(F, p, c + t2).fma(w2, e);
                a = FloatVector.fromArray(F, p, b + t3).fma(w3, a);
                e = FloatVector.fromArray(F, p, c + t3).fma(w3, e);
                a = FloatVector.fromArray(F, p, b + t4).fma(w4, a);
                e = FloatVector.fromArray(F, p, c + t4).fma(w4, e);
                a = FloatVector.fromArray(F, p, b + t5).fma(w5, a);
                e = FloatVector.fromArray(F, p, c + t5).fma(w5, e);
                a = FloatVector.fromArray(F, p, b + t6).fma(w6, a);
                e = FloatVector.fromArray(F, p, c + t6).fma(w6, e);
                a = FloatVector.fromArray(F, p, b + t7).fma(w7, a);
                e = FloatVector.fromArray(F, p, c + t7).fma(w7, e);
                a = FloatVector.fromArray(F, p, b + t8).fma(w8, a);
                e = FloatVector.fromArray(F, p, c + t8).fma(w8, e);
                a.intoArray(out, oOff + y * ow + q);
                e.intoArray(out, oOff + (y + 1) * ow + q);
            }
        }
        if (whole < ow) correlate(p, win, k, kOff, out, oOff, oh, ow, whole);
    }

    /**
     * {@link #correlate9} for stride 1 and no dilation, four output rows at a time: each of the
     * six input rows they read is loaded once per column offset and multiplied into every output
     * row it reaches (18 loads for 36 multiply-adds, not 36). Input rows go in order and columns
     * in order within a row, so every output still sums its taps from 0 to 8 (an output row
     * r reads input rows r, r+1, r+2 with kernel rows 0, 1, 2). A last partial block is done
     * again over the four last rows: same values.
     */
    private static void correlate9Rows4(float[] p, int pw, int c1, int c2, float[] k, int kOff, float[] out, int oOff,
                                        int oh, int ow, int whole) {
        FloatVector w0 = FloatVector.broadcast(F, k[kOff]), w1 = FloatVector.broadcast(F, k[kOff + 1]),
                w2 = FloatVector.broadcast(F, k[kOff + 2]), w3 = FloatVector.broadcast(F, k[kOff + 3]),
                w4 = FloatVector.broadcast(F, k[kOff + 4]), w5 = FloatVector.broadcast(F, k[kOff + 5]),
                w6 = FloatVector.broadcast(F, k[kOff + 6]), w7 = FloatVector.broadcast(F, k[kOff + 7]),
                w8 = FloatVector.broadcast(F, k[kOff + 8]);
        for (int q = 0; q < whole; q += L) {
            for (int y0 = 0; y0 < oh; y0 += 4) {
                int y = Math.min(y0, oh - 4);
                int r = y * pw + q;
                FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, v;
                v = FloatVector.fromArray(F, p, r); a0 = v.fma(w0, a0); // input row y
                v = FloatVector.fromArray(F, p, r + c1); a0 = v.fma(w1, a0);
                v = FloatVector.fromArray(F, p, r + c2); a0 = v.fma(w2, a0);
                r += pw; // y + 1
                v = FloatVector.fromArray(F, p, r); a0 = v.fma(w3, a0); a1 = v.fma(w0, a1);
                v = FloatVector.fromArray(F, p, r + c1); a0 = v.fma(w4, a0); a1 = v.fma(w1, a1);
                v = FloatVector.fromArray(F, p, r + c2); a0 = v.fma(w5, a0); a1 = v.fma(w2, a1);
                r += pw; // y + 2
                v = FloatVector.fromArray(F, p, r); a0 = v.fma(w6, a0); a1 = v.fma(w3, a1); a2 = v.fma(w0, a2);
                v = FloatVector.fromArray(F, p, r + c1); a0 = v.fma(w7, a0); a1 = v.fma(w4, a1); a2 = v.fma(w1, a2);
                v = FloatVector.fromArray(F, p, r + c2); a0 = v.fma(w8, a0); a1 = v.fma(w5, a1); a2 = v.fma(w2, a2);
                r += pw; // y + 3
                v = FloatVector.fromArray(F, p, r); a1 = v.fma(w6, a1); a2 = v.fma(w3, a2); a3 = v.fma(w0, a3);
                v = FloatVector.fromArray(F, p, r + c1); a1 = v.fma(w7, a1); a2 = v.fma(w4, a2); a3 = v.fma(w1, a3);
                v = FloatVector.fromArray(F, p, r + c2); a1 = v.fma(w8, a1); a2 = v.fma(w5, a2); a3 = v.fma(w2, a3);
                r += pw; // y + 4
                v = FloatVector.fromArray(F, p, r); a2 = v.fma(w6, a2); a3 = v.fma(w3, a3);
                v = FloatVector.fromArray(F, p, r + c1); a2 = v.fma(w7, a2); a3 = v.fma(w4, a3);
                v = FloatVector.fromArray(F, p, r + c2); a2 = v.fma(w8, a2); a3 = v.fma(w5, a3);
                r += pw; // y + 5
                v = FloatVector.fromArray(F, p, r); a3 = v.fma(w6, a3);
                v = FloatVector.fromArray(F, p, r + c1); a3 = v.fma(w7, a3);
                v = FloatVector.fromArray(F, p, r + c2); a3 = v.fma(w8, a3);
                int d = oOff + y * ow + q;
                a0.intoArray(out, d);
                a1.intoArray(out, d + ow);
                a2.intoArray(out, d + 2 * ow);
                a3.intoArray(out, d + 3 * ow);
            }
        }
    }

    /** out[oOff..+n) = 0 where mask[mOff..+n) is not > 0 (the gradient through a ReLU whose input was mask). */
    private static void zeroWhereNotPositive(float[] out, int oOff, float[] mask, int mOff, int n) {
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = F.indexInRange(i, n);
            VectorMask<Float> pass = FloatVector.fromArray(F, mask, mOff + i, m).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(F, out, oOff + i, m), pass).intoArray(out, oOff + i, m);
        }
    }

    static void forward(Parallel par, float[] x, float[] w, float[] out, ConvGeometry g, boolean relu) {
        int c = g.cin(), h = g.h(), wd = g.w(), oh = g.oh(), ow = g.ow(), kk = g.kh() * g.kw();
        if (FlatWindow.correlates(g)) {
            FlatWindow flat = FlatWindow.of(g);
            par.forRange(g.n() * c, Parallel.grain((long) h * wd * kk), (lo, hi) -> {
                float[] z = flat.scratch(0);
                for (int pl = lo; pl < hi; pl++) {
                    flat.place(x, pl * h * wd, relu, z);
                    flat.correlate(z, w, (pl % c) * kk, out, pl * h * wd);
                }
            });
            return;
        }
        Window win = Window.of(oh, ow, g.kh(), g.kw(), g.strideH(), g.strideW(), g.dilH(), g.dilW());
        par.forRange(g.n() * c, Parallel.grain((long) oh * ow * kk), (lo, hi) -> {
            float[] p = win.scratch(0, 0f);
            for (int pl = lo; pl < hi; pl++) {
                win.place(x, pl * h * wd, h, wd, g.padH(), g.padW(), 1, 1, relu, p);
                if (kk == 9) correlate9(p, win, w, (pl % c) * kk, out, pl * oh * ow, oh, ow);
                else correlate(p, win, w, (pl % c) * kk, out, pl * oh * ow, oh, ow, 0);
            }
        });
    }

    /**
     * gin is the stride-1 correlation, with the flipped kernel, of gout spread by the strides
     * (each output's gradient at its window's origin, zeros between): every gin element is written.
     * With a {@code mask} (the input of a convolution of relu(mask)), gin is zero where mask ≤ 0.
     */
    static void backwardInput(Parallel par, float[] gout, float[] w, float[] gin, ConvGeometry g, float[] mask) {
        int c = g.cin(), h = g.h(), wd = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw(), kk = kh * kw;
        Window win = Window.of(h, wd, kh, kw, 1, 1, g.dilH(), g.dilW());
        int top = (kh - 1) * g.dilH() - g.padH(), left = (kw - 1) * g.dilW() - g.padW();
        FlatWindow flat = FlatWindow.correlates(g) ? FlatWindow.of(g) : null; // its padding is symmetric: the same window
        par.forRange(g.n() * c, Parallel.grain((long) h * wd * kk), (lo, hi) -> {
            float[] p = flat != null ? flat.scratch(0) : win.scratch(0, 0f);
            float[] flipped = Scratch.get(1, kk);
            for (int pl = lo; pl < hi; pl++) {
                int kOff = (pl % c) * kk;
                for (int t = 0; t < kk; t++) flipped[t] = w[kOff + kk - 1 - t];
                if (flat != null) {
                    flat.place(gout, pl * oh * ow, false, p);
                    flat.correlate(p, flipped, 0, gin, pl * h * wd);
                } else {
                    win.place(gout, pl * oh * ow, oh, ow, top, left, g.strideH(), g.strideW(), false, p);
                    if (kk == 9) correlate9(p, win, flipped, 0, gin, pl * h * wd, h, wd);
                    else correlate(p, win, flipped, 0, gin, pl * h * wd, h, wd, 0);
                }
                if (mask != null) zeroWhereNotPositive(gin, pl * h * wd, mask, pl * h * wd, h * wd);
            }
        });
    }

    /** The most runs of samples a weight gradient is summed in (see {@link #weightRuns}). */
    static final int WEIGHT_RUNS = 16;

    /**
     * How many runs of samples a weight gradient sums separately: fixed by the shape alone, so
     * that the bits never depend on the threads; as many as {@link #WEIGHT_RUNS} while each run's
     * lane sums (kk·L floats per channel) stay within a quarter of the input planes it reads.
     */
    static int weightRuns(int n, int planeSize, int kk) {
        return Math.max(1, Math.min(Math.min(WEIGHT_RUNS, n), n * planeSize / (4 * kk * L)));
    }

    /**
     * gw[c][t] = Σ_n Σ_y Σ_q gout[n,c,y,q]·p[y·rowStep + q + taps[t]], lane-wise: in order over
     * the samples of each of {@link #weightRuns} fixed runs, then over the runs in order, lanes
     * summed last; gout rows are copied to whole vectors with zeros after the row's end.
     *
     * <p>The region's indices are (run, channel) pairs, run-major, each with its own lane sums,
     * so a task takes the samples of its own part of the batch, as the kernels that wrote them
     * split their output (split over channels, each thread read the other's half of every plane
     * and the kernel scaled worse over threads than the forward pass), and reads each sample's
     * planes where they lie together (channel by channel, every small plane was a fresh trip to
     * memory, far past the last one).
     */
    static void backwardWeight(Parallel par, float[] x, float[] gout, float[] gw, ConvGeometry g, boolean relu) {
        int c = g.cin(), h = g.h(), wd = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw(), kk = kh * kw;
        int n = g.n(), runs = weightRuns(n, h * wd, kk), per = kk * L; // per: one channel's lane sums
        Window win = Window.of(oh, ow, kh, kw, g.strideH(), g.strideW(), g.dilH(), g.dilW());
        int owr = Window.roundUp(ow);
        Window rows = new Window(oh, owr, 1, owr, new int[] {0}); // gout as whole-vector rows
        float[] lanes = Scratch.get(3, runs * c * per); // pair (run, ch) at (run·c + ch)·per
        FlatWindow flat = FlatWindow.fits(g) ? FlatWindow.of(g) : null;
        par.forRange(runs * c, Parallel.grain((long) (n / runs) * oh * ow * kk), (lo, hi) -> {
            float[] p = flat != null ? flat.scratch(0) : win.scratch(0, 0f);
            float[] go = flat != null ? null : rows.scratch(1, 0f);
            java.util.Arrays.fill(lanes, lo * per, hi * per, 0f);
            for (int run = lo / c; run <= (hi - 1) / c; run++) {
                int from = Math.max(lo, run * c) - run * c, to = Math.min(hi, (run + 1) * c) - run * c; // its channels
                for (int s = n * run / runs; s < n * (run + 1) / runs; s++) {
                    for (int ch = from; ch < to; ch++) {
                        int pl = s * c + ch, base = (run * c + ch) * per;
                        if (flat != null) { // gout's plane is whole vectors as it lies
                            flat.place(x, pl * h * wd, relu, p);
                            flat.weightTaps(p, gout, pl * oh * ow, lanes, base);
                            continue;
                        }
                        win.place(x, pl * h * wd, h, wd, g.padH(), g.padW(), 1, 1, relu, p);
                        rows.place(gout, pl * oh * ow, oh, ow, 0, 0, go);
                        if (kk == 9) {
                            taps9(go, owr, oh, p, win, lanes, base);
                        } else if (kw == 5) {
                            for (int i = 0; i < kh; i++) taps5(go, owr, oh, p, win, i * 5, lanes, base);
                        } else {
                            for (int t = 0; t < kk; t++) taps1(go, owr, oh, p, win, t, lanes, base);
                        }
                    }
                }
            }
        });
        for (int i = 0; i < c * kk; i++) { // channel i / kk, tap i % kk: its runs' lanes in order, then the lanes
            FloatVector v = FloatVector.fromArray(F, lanes, i * L);
            for (int run = 1; run < runs; run++) v = v.add(FloatVector.fromArray(F, lanes, run * c * per + i * L));
            gw[i] = Vec.sumLanes(v);
        }
    }

    /** lanes[base + t·L..] += Σ_y,q go·p at tap t, for the nine taps of a 3×3 window at once. */
    private static void taps9(float[] go, int owr, int oh, float[] p, Window win, float[] lanes, int base) {
        int[] tp = win.taps();
        int step = win.rowStep();
        FloatVector a0 = FloatVector.fromArray(F, lanes, base), a1 = FloatVector.fromArray(F, lanes, base + L),
                a2 = FloatVector.fromArray(F, lanes, base + 2 * L), a3 = FloatVector.fromArray(F, lanes, base + 3 * L),
                a4 = FloatVector.fromArray(F, lanes, base + 4 * L), a5 = FloatVector.fromArray(F, lanes, base + 5 * L),
                a6 = FloatVector.fromArray(F, lanes, base + 6 * L), a7 = FloatVector.fromArray(F, lanes, base + 7 * L),
                a8 = FloatVector.fromArray(F, lanes, base + 8 * L);
        int t0 = tp[0], t1 = tp[1], t2 = tp[2], t3 = tp[3], t4 = tp[4], t5 = tp[5], t6 = tp[6], t7 = tp[7], t8 = tp[8];
        for (int y = 0; y < oh; y++) {
            for (int q = 0; q < owr; q += L) {
                FloatVector gv = FloatVector.fromArray(F, go, y * owr + q);
                int b = y * step + q;
                a0 = gv.fma(FloatVector.fromArray(F, p, b + t0), a0);
                a1 = gv.fma(FloatVector.fromArray(F, p, b + t1), a1);
                a2 = gv.fma(FloatVector.fromArray(F, p, b + t2), a2);
                a3 = gv.fma(FloatVector.fromArray(F, p, b + t3), a3);
                a4 = gv.fma(FloatVector.fromArray(F, p, b + t4), a4);
                a5 = gv.fma(FloatVector.fromArray(F, p, b + t5), a5);
                a6 = gv.fma(FloatVector.fromArray(F, p, b + t6), a6);
                a7 = gv.fma(FloatVector.fromArray(F, p, b + t7), a7);
                a8 = gv.fma(FloatVector.fromArray(F, p, b + t8), a8);
            }
        }
        a0.intoArray(lanes, base);
        a1.intoArray(lanes, base + L);
        a2.intoArray(lanes, base + 2 * L);
        a3.intoArray(lanes, base + 3 * L);
        a4.intoArray(lanes, base + 4 * L);
        a5.intoArray(lanes, base + 5 * L);
        a6.intoArray(lanes, base + 6 * L);
        a7.intoArray(lanes, base + 7 * L);
        a8.intoArray(lanes, base + 8 * L);
    }

    /** The same for the five taps t0..t0+4 of one kernel row of a 5×5 window. */
    private static void taps5(float[] go, int owr, int oh, float[] p, Window win, int t0, float[] lanes, int base) {
        int[] tp = win.taps();
        int step = win.rowStep();
        int l0 = base + t0 * L;
        FloatVector a0 = FloatVector.fromArray(F, lanes, l0), a1 = FloatVector.fromArray(F, lanes, l0 + L),
                a2 = FloatVector.fromArray(F, lanes, l0 + 2 * L), a3 = FloatVector.fromArray(F, lanes, l0 + 3 * L),
                a4 = FloatVector.fromArray(F, lanes, l0 + 4 * L);
        int o0 = tp[t0], o1 = tp[t0 + 1], o2 = tp[t0 + 2], o3 = tp[t0 + 3], o4 = tp[t0 + 4];
        for (int y = 0; y < oh; y++) {
            for (int q = 0; q < owr; q += L) {
                FloatVector gv = FloatVector.fromArray(F, go, y * owr + q);
                int b = y * step + q;
                a0 = gv.fma(FloatVector.fromArray(F, p, b + o0), a0);
                a1 = gv.fma(FloatVector.fromArray(F, p, b + o1), a1);
                a2 = gv.fma(FloatVector.fromArray(F, p, b + o2), a2);
                a3 = gv.fma(FloatVector.fromArray(F, p, b + o3), a3);
                a4 = gv.fma(FloatVector.fromArray(F, p, b + o4), a4);
            }
        }
        a0.intoArray(lanes, l0);
        a1.intoArray(lanes, l0 + L);
        a2.intoArray(lanes, l0 + 2 * L);
        a3.intoArray(lanes, l0 + 3 * L);
        a4.intoArray(lanes, l0 + 4 * L);
    }

    /** The same for the single tap t (other window sizes). */
    private static void taps1(float[] go, int owr, int oh, float[] p, Window win, int t, float[] lanes, int base) {
        int o = win.taps()[t], step = win.rowStep();
        FloatVector a = FloatVector.fromArray(F, lanes, base + t * L);
        for (int y = 0; y < oh; y++) {
            for (int q = 0; q < owr; q += L) {
                a = FloatVector.fromArray(F, go, y * owr + q).fma(FloatVector.fromArray(F, p, y * step + q + o), a);
            }
        }
        a.intoArray(lanes, base + t * L);
    }
}
