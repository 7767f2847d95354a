package dev.pcdarts.vector;

import dev.pcdarts.engine.backend.ConvGeometry;
import java.util.Arrays;

/**
 * Convolution: depthwise convolutions run directly over NCHW planes ({@link DepthwiseKernels};
 * the scalar twins here); every other convolution is im2col + {@link Gemm} per sample and
 * group, with 1×1 stride-1 convolutions multiplying the input in place.
 */
final class ConvKernels {
    private ConvKernels() {}

    static void forward(boolean vector, Parallel par, float[] x, float[] w, float[] out, ConvGeometry g) {
        if (g.depthwise()) {
            if (vector) DepthwiseKernels.forward(par, x, w, out, g, false);
            else depthwiseForward(new Rows(vector), par, x, w, out, g);
            return;
        }
        int groups = g.groups(), cig = g.cin() / groups, cog = g.cout() / groups;
        int kg = cig * g.kh() * g.kw(), p = g.oh() * g.ow(), hw = g.h() * g.w();
        bySample(par, g, (long) cog * p * kg * groups, (inner, lo, hi) -> {
            float[] col = g.pointwise() ? null : Scratch.get(0, kg * p);
            for (int n = lo; n < hi; n++) {
                for (int grp = 0; grp < groups; grp++) {
                    int xOff = (n * g.cin() + grp * cig) * hw;
                    float[] b = x;
                    int bOff = xOff;
                    if (col != null) {
                        im2col(inner, x, xOff, col, g, cig);
                        b = col;
                        bOff = 0;
                    }
                    Gemm.nn(vector, inner, cog, p, kg, w, grp * cog * kg, kg, 1, b, bOff, p,
                            out, (n * g.cout() + grp * cog) * p, p, false);
                }
            }
        });
    }

    /**
     * A 1x1 stride-1 convolution of relu(x) (vector kernels): each sample's relu(x) goes to a
     * scratch block that the product then reads, so relu(x) is never written whole: the bits of
     * a ReLU into a tensor and then {@link #forward}, one trip through memory fewer.
     */
    static void pointwiseReluForward(Parallel par, float[] x, float[] w, float[] out, ConvGeometry g) {
        int cin = g.cin(), cout = g.cout(), p = g.oh() * g.ow();
        bySample(par, g, (long) cout * p * cin, (inner, lo, hi) -> {
            float[] r = Scratch.get(0, cin * p);
            for (int n = lo; n < hi; n++) {
                Vec.relu(x, r, n * cin * p, (n + 1) * cin * p, 0);
                Gemm.nn(true, inner, cout, p, cin, w, 0, cin, 1, r, 0, p, out, n * cout * p, p, false);
            }
        });
    }

    /**
     * The input gradient of {@link #pointwiseReluForward}: each sample's product, then zero where
     * x ≤ 0 while the sample is still in cache (the bits of the product into a tensor and a
     * separate ReLU backward).
     */
    static void pointwiseReluBackwardInput(Parallel par, float[] x, float[] gout, float[] w, float[] gin, ConvGeometry g) {
        int cin = g.cin(), cout = g.cout(), p = g.oh() * g.ow();
        bySample(par, g, (long) cin * p * cout, (inner, lo, hi) -> {
            for (int n = lo; n < hi; n++) {
                Gemm.nn(true, inner, cin, p, cout, w, 0, 1, cin, gout, n * cout * p, p, gin, n * cin * p, p, false);
                Vec.reluMask(x, gin, gin, n * cin * p, (n + 1) * cin * p);
            }
        });
    }

    /** The samples [lo, hi), with the parallelism the kernels inside may use. */
    private interface Samples {
        void run(Parallel inner, int lo, int hi);
    }

    /**
     * Runs body over the batch: split across threads by sample, with serial kernels inside, when
     * there are samples enough and each is worth a task; else in one piece, the kernels inside
     * splitting their own work. Small-channel convolutions (4 channels on a PC-DARTS edge) have
     * too little work per sample for a matrix product to split, but a batch of them does.
     * Samples are independent, so the split never changes the bits.
     */
    private static void bySample(Parallel par, ConvGeometry g, long workPerSample, Samples body) {
        if (g.n() >= 2 * par.active() && par.active() > 1) {
            par.forRange(g.n(), Parallel.grain(workPerSample), (lo, hi) -> body.run(Parallel.SERIAL, lo, hi));
        } else {
            body.run(par, 0, g.n());
        }
    }

    static void backwardInput(boolean vector, Parallel par, float[] gout, float[] w, float[] gin, ConvGeometry g) {
        if (g.depthwise()) {
            if (vector) {
                DepthwiseKernels.backwardInput(par, gout, w, gin, g, null);
            } else {
                Arrays.fill(gin, 0f);
                depthwiseBackwardInput(new Rows(vector), par, gout, w, gin, g);
            }
            return;
        }
        int groups = g.groups(), cig = g.cin() / groups, cog = g.cout() / groups;
        int kg = cig * g.kh() * g.kw(), p = g.oh() * g.ow(), hw = g.h() * g.w();
        Rows rows = new Rows(vector);
        bySample(par, g, (long) kg * p * cog * groups, (inner, lo, hi) -> {
            float[] col = g.pointwise() ? null : Scratch.get(0, kg * p);
            if (col != null) Arrays.fill(gin, lo * g.cin() * hw, hi * g.cin() * hw, 0f); // col2im adds into these samples
            for (int n = lo; n < hi; n++) {
                for (int grp = 0; grp < groups; grp++) {
                    int ginOff = (n * g.cin() + grp * cig) * hw;
                    int goOff = (n * g.cout() + grp * cog) * p;
                    // colGrad[Kg×P] = W_gᵀ · gout_g: a(i,k) = w[grp·cog·kg + k·kg + i]
                    if (col == null) {
                        Gemm.nn(vector, inner, kg, p, cog, w, grp * cog * kg, 1, kg, gout, goOff, p, gin, ginOff, p, false);
                    } else {
                        Gemm.nn(vector, inner, kg, p, cog, w, grp * cog * kg, 1, kg, gout, goOff, p, col, 0, p, false);
                        col2im(rows, inner, col, gin, ginOff, g, cig);
                    }
                }
            }
        });
    }

    static void backwardWeight(boolean vector, Parallel par, float[] x, float[] gout, float[] gw, ConvGeometry g) {
        Arrays.fill(gw, 0f);
        if (g.depthwise()) {
            if (vector) DepthwiseKernels.backwardWeight(par, x, gout, gw, g, false);
            else depthwiseBackwardWeight(par, x, gout, gw, g);
            return;
        }
        int groups = g.groups(), cig = g.cin() / groups, cog = g.cout() / groups;
        int kg = cig * g.kh() * g.kw(), p = g.oh() * g.ow(), hw = g.h() * g.w();
        if (p == 1 && !g.pointwise()) { // one output pixel per sample (the auxiliary head's 2x2 convolution): one product over the batch
            float[] col = new float[kg];
            float[] cols = new float[g.n() * kg];
            for (int grp = 0; grp < groups; grp++) {
                for (int n = 0; n < g.n(); n++) {
                    im2col(Parallel.SERIAL, x, (n * g.cin() + grp * cig) * hw, col, g, cig);
                    System.arraycopy(col, 0, cols, n * kg, kg);
                }
                // dW_g[cog×kg] = goutᵀ·cols: a(i, n) = gout[n, grp·cog + i], b(n, j) = cols[n, j]
                Gemm.nn(vector, par, cog, kg, g.n(), gout, grp * cog, 1, g.cout(), cols, 0, kg, gw, grp * cog * kg, kg, false);
            }
            return;
        }
        weightBySampleRuns(vector, par, x, gout, gw, g, cog, kg, p, false);
    }

    /**
     * The weight gradient of {@link #pointwiseReluForward}: each sample's relu(x) is taken as the
     * product reads that sample (into a scratch block, or as it is transposed), so relu(x) is
     * never written whole: the bits of a ReLU into a tensor and then {@link #backwardWeight}.
     */
    static void pointwiseReluBackwardWeight(Parallel par, float[] x, float[] gout, float[] gw, ConvGeometry g) {
        Arrays.fill(gw, 0f);
        weightBySampleRuns(true, par, x, gout, gw, g, g.cout(), g.cin(), g.oh() * g.ow(), true);
    }

    /** Sample runs of a weight gradient: fixed by the batch size alone, so the bits never depend on the threads. */
    private static final int WEIGHT_CHUNKS = 8;

    /** Planes of at most this many pixels take the transposed route of {@link #weightBySampleRuns}. */
    private static final int TRANSPOSED_MAX_PLANE = 64;

    /**
     * dW = Σ over samples of gout_n · x_nᵀ (x_n through im2col unless the convolution is 1x1
     * stride 1): each of {@link #WEIGHT_CHUNKS} fixed runs of samples sums into its own partial
     * (one task each), and the partials are added in order. Per sample the product is tiny at 4
     * channels (a 4x4 result), so one task per sample run replaces a parallel region per sample
     * (im2col ones had a region per sample too, and scaled poorly over threads); within a run,
     * {@link Gemm#ntSamples} keeps each 4×4 block's lane sums in registers across the run's
     * samples. Small planes (8×8) give those blocks only four steps per sample between loading
     * and storing their lane sums, so there each sample's x is transposed to pixels × channels
     * and dW += gout_n · x_nᵀ runs as a plain product, vectors along dW's rows, which keeps the
     * FMA units busy.
     */
    private static void weightBySampleRuns(boolean vector, Parallel par, float[] x, float[] gout, float[] gw, ConvGeometry g,
                                           int cog, int kg, int p, boolean relu) {
        int groups = g.groups(), n = g.n(), chunks = Math.min(WEIGHT_CHUNKS, n), cig = g.cin() / groups, hw = g.h() * g.w();
        int len = gw.length;
        float[] partial = Scratch.get(2, chunks * len); // the caller's: run c sums into [c·len, (c + 1)·len)
        boolean pointwise = g.pointwise();
        boolean transposed = pointwise && vector && p <= TRANSPOSED_MAX_PLANE;
        boolean blocked = pointwise && vector && p % Vec.L == 0 && cog % 4 == 0 && kg % 4 == 0;
        par.forRange(chunks, Parallel.grain((long) gw.length * p * Math.max(1, n / chunks)), (lo, hi) -> {
            float[] reluScratch = relu ? Scratch.get(1, kg * p) : null; // one sample's relu(x), pointwise only
            for (int c = lo; c < hi; c++) {
                Arrays.fill(partial, c * len, (c + 1) * len, 0f);
                if (transposed) {
                    float[] xt = Scratch.get(0, kg * p);
                    for (int s = n * c / chunks; s < n * (c + 1) / chunks; s++) {
                        for (int grp = 0; grp < groups; grp++) {
                            int xOff = (s * g.cin() + grp * kg) * p;
                            for (int ci = 0; ci < kg; ci++) {
                                if (relu) {
                                    for (int q = 0; q < p; q++) xt[q * kg + ci] = x[xOff + ci * p + q] > 0f ? x[xOff + ci * p + q] : 0f;
                                } else {
                                    for (int q = 0; q < p; q++) xt[q * kg + ci] = x[xOff + ci * p + q];
                                }
                            }
                            Gemm.nn(true, Parallel.SERIAL, cog, kg, p, gout, (s * g.cout() + grp * cog) * p, p, 1, xt, 0, kg,
                                    partial, c * len + grp * cog * kg, kg, true);
                        }
                    }
                    continue;
                }
                if (blocked) {
                    for (int grp = 0; grp < groups; grp++) {
                        Gemm.ntSamples(cog, kg, p, gout, grp * cog * p, g.cout() * p, x, grp * kg * p, g.cin() * p,
                                n * c / chunks, n * (c + 1) / chunks, partial, c * len + grp * cog * kg, kg, Scratch.get(0, cog * kg * Vec.L),
                                reluScratch);
                    }
                    continue;
                }
                float[] col = pointwise ? null : Scratch.get(0, kg * p);
                for (int s = n * c / chunks; s < n * (c + 1) / chunks; s++) {
                    for (int grp = 0; grp < groups; grp++) {
                        float[] b = x;
                        int bOff = (s * g.cin() + grp * cig) * hw;
                        if (relu) {
                            b = reluScratch;
                            Vec.relu(x, b, bOff, bOff + kg * p, 0);
                            bOff = 0;
                        } else if (col != null) {
                            im2col(Parallel.SERIAL, x, bOff, col, g, cig);
                            b = col;
                            bOff = 0;
                        }
                        Gemm.nt(vector, Parallel.SERIAL, cog, kg, p, gout, (s * g.cout() + grp * cog) * p, p,
                                b, bOff, p, partial, c * len + grp * cog * kg, kg, true);
                    }
                }
            }
        });
        System.arraycopy(partial, 0, gw, 0, len);
        for (int c = 1; c < chunks; c++) {
            for (int i = 0; i < len; i++) gw[i] += partial[c * len + i];
        }
    }

    /** col[(ci,kh,kw), (oh,ow)] = x[ci, oh·s − pad + kh·dil, ow·s − pad + kw·dil] or 0 outside. */
    private static void im2col(Parallel par, float[] x, int xOff, float[] col, ConvGeometry g, int cig) {
        int rows = cig * g.kh() * g.kw(), grain = Parallel.grain((long) g.oh() * g.ow());
        if (par.splits(rows, grain)) par.forRange(rows, grain, (lo, hi) -> im2colRows(lo, hi, x, xOff, col, g));
        else im2colRows(0, rows, x, xOff, col, g);
    }

    /** Rows [lo, hi) of im2col's col: one (input channel, kernel row, kernel column) each. */
    private static void im2colRows(int lo, int hi, float[] x, int xOff, float[] col, ConvGeometry g) {
        int kk = g.kh() * g.kw(), oh = g.oh(), ow = g.ow(), h = g.h(), w = g.w();
        for (int r = lo; r < hi; r++) {
            int ci = r / kk, kh = (r / g.kw()) % g.kh(), kw = r % g.kw();
            int base = r * oh * ow;
            int plane = xOff + ci * h * w;
            for (int y = 0; y < oh; y++) {
                int ih = y * g.strideH() - g.padH() + kh * g.dilH();
                int rowBase = base + y * ow;
                if (ih < 0 || ih >= h) {
                    Arrays.fill(col, rowBase, rowBase + ow, 0f);
                    continue;
                }
                int src = plane + ih * w;
                for (int q = 0; q < ow; q++) {
                    int iw = q * g.strideW() - g.padW() + kw * g.dilW();
                    col[rowBase + q] = (iw >= 0 && iw < w) ? x[src + iw] : 0f;
                }
            }
        }
    }

    /** gin[ci, ih, iw] += col[(ci,kh,kw), (oh,ow)]; each input channel belongs to one task. */
    private static void col2im(Rows rows, Parallel par, float[] col, float[] gin, int ginOff, ConvGeometry g, int cig) {
        int grain = Parallel.grain((long) g.kh() * g.kw() * g.oh() * g.ow());
        if (par.splits(cig, grain)) par.forRange(cig, grain, (lo, hi) -> col2imChannels(lo, hi, rows, col, gin, ginOff, g));
        else col2imChannels(0, cig, rows, col, gin, ginOff, g);
    }

    /** Input channels [lo, hi) of col2im. */
    private static void col2imChannels(int lo, int hi, Rows rows, float[] col, float[] gin, int ginOff, ConvGeometry g) {
        int kk = g.kh() * g.kw(), oh = g.oh(), ow = g.ow(), h = g.h(), w = g.w();
        for (int ci = lo; ci < hi; ci++) {
            int plane = ginOff + ci * h * w;
            for (int kh = 0; kh < g.kh(); kh++) {
                for (int kw = 0; kw < g.kw(); kw++) {
                    int base = (ci * kk + kh * g.kw() + kw) * oh * ow;
                    int off = kw * g.dilW() - g.padW();
                    for (int y = 0; y < oh; y++) {
                        int ih = y * g.strideH() - g.padH() + kh * g.dilH();
                        if (ih < 0 || ih >= h) continue;
                        int dst = plane + ih * w;
                        int src = base + y * ow;
                        if (g.strideW() == 1) {
                            int q0 = Math.max(0, -off), q1 = Math.min(ow, w - off);
                            if (q1 > q0) rows.add(col, src + q0, gin, dst + q0 + off, q1 - q0);
                        } else {
                            for (int q = 0; q < ow; q++) {
                                int iw = q * g.strideW() + off;
                                if (iw >= 0 && iw < w) gin[dst + iw] += col[src + q];
                            }
                        }
                    }
                }
            }
        }
    }

    private static void depthwiseForward(Rows rows, Parallel par, float[] x, float[] w, float[] out, ConvGeometry g) {
        int c = g.cin(), h = g.h(), wd = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw();
        par.forRange(g.n() * c, Parallel.grain((long) oh * ow * kh * kw), (lo, hi) -> {
            for (int pl = lo; pl < hi; pl++) {
                int ch = pl % c;
                int xOff = pl * h * wd, oOff = pl * oh * ow, wOff = ch * kh * kw;
                Arrays.fill(out, oOff, oOff + oh * ow, 0f);
                for (int y = 0; y < oh; y++) {
                    int orow = oOff + y * ow;
                    for (int i = 0; i < kh; i++) {
                        int ih = y * g.strideH() - g.padH() + i * g.dilH();
                        if (ih < 0 || ih >= h) continue;
                        int xrow = xOff + ih * wd;
                        for (int j = 0; j < kw; j++) {
                            float wv = w[wOff + i * kw + j];
                            int off = j * g.dilW() - g.padW();
                            if (g.strideW() == 1) {
                                int q0 = Math.max(0, -off), q1 = Math.min(ow, wd - off);
                                if (q1 > q0) rows.axpy(wv, x, xrow + q0 + off, out, orow + q0, q1 - q0);
                            } else {
                                for (int q = 0; q < ow; q++) {
                                    int iw = q * g.strideW() + off;
                                    if (iw >= 0 && iw < wd) out[orow + q] += wv * x[xrow + iw];
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    private static void depthwiseBackwardInput(Rows rows, Parallel par, float[] gout, float[] w, float[] gin, ConvGeometry g) {
        int c = g.cin(), h = g.h(), wd = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw();
        par.forRange(g.n() * c, Parallel.grain((long) oh * ow * kh * kw), (lo, hi) -> {
            for (int pl = lo; pl < hi; pl++) {
                int ch = pl % c;
                int xOff = pl * h * wd, oOff = pl * oh * ow, wOff = ch * kh * kw;
                for (int y = 0; y < oh; y++) {
                    int orow = oOff + y * ow;
                    for (int i = 0; i < kh; i++) {
                        int ih = y * g.strideH() - g.padH() + i * g.dilH();
                        if (ih < 0 || ih >= h) continue;
                        int xrow = xOff + ih * wd;
                        for (int j = 0; j < kw; j++) {
                            float wv = w[wOff + i * kw + j];
                            int off = j * g.dilW() - g.padW();
                            if (g.strideW() == 1) {
                                int q0 = Math.max(0, -off), q1 = Math.min(ow, wd - off);
                                if (q1 > q0) rows.axpy(wv, gout, orow + q0, gin, xrow + q0 + off, q1 - q0);
                            } else {
                                for (int q = 0; q < ow; q++) {
                                    int iw = q * g.strideW() + off;
                                    if (iw >= 0 && iw < wd) gin[xrow + iw] += wv * gout[orow + q];
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /** gw[c, i, j] = Σ over samples and output rows of gout·x along the row (the scalar twin, and strided layers). */
    private static void depthwiseBackwardWeight(Parallel par, float[] x, float[] gout, float[] gw, ConvGeometry g) {
        int c = g.cin(), h = g.h(), wd = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw();
        par.forRange(c, Parallel.grain((long) g.n() * oh * ow * kh * kw), (lo, hi) -> {
            for (int ch = lo; ch < hi; ch++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        int off = j * g.dilW() - g.padW();
                        double s = 0;
                        for (int n = 0; n < g.n(); n++) {
                            int pl = n * c + ch;
                            int xOff = pl * h * wd, oOff = pl * oh * ow;
                            for (int y = 0; y < oh; y++) {
                                int ih = y * g.strideH() - g.padH() + i * g.dilH();
                                if (ih < 0 || ih >= h) continue;
                                int xrow = xOff + ih * wd, orow = oOff + y * ow;
                                float r = 0f;
                                for (int q = 0; q < ow; q++) {
                                    int iw = q * g.strideW() + off;
                                    if (iw >= 0 && iw < wd) r += gout[orow + q] * x[xrow + iw];
                                }
                                s += r;
                            }
                        }
                        gw[ch * kh * kw + i * kw + j] = (float) s;
                    }
                }
            }
        });
    }
}
