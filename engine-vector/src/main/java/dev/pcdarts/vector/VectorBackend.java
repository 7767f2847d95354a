package dev.pcdarts.vector;

import dev.pcdarts.engine.backend.ConvGeometry;
import dev.pcdarts.engine.backend.HeapBackend;
import dev.pcdarts.engine.backend.PoolGeometry;
import dev.pcdarts.engine.tensor.Shapes;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.Arrays;

/** The CPU backend over heap {@code float[]}: Vector API kernels, or their scalar twins. */
public final class VectorBackend extends HeapBackend {
    /** Elements per fixed chunk of a reduction: the chunking never depends on the thread count. */
    private static final int CHUNK = 1 << 14;
    /** The least elements worth a task in an elementwise kernel (these are memory-bound). */
    private static final int ELEMENTS = 1 << 15;
    private final boolean vector;
    private final Parallel par;
    private final Rows rows;

    /** @param vector false selects the scalar twins */
    public VectorBackend(int threads, boolean vector) {
        this.vector = vector;
        this.par = new Parallel(threads);
        this.rows = new Rows(vector);
    }

    public boolean isVector() {
        return vector;
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String describe() {
        return vector ? "Vector API " + Vec.F.vectorBitSize() + "-bit (" + Vec.L + " floats), " + par.threads() + " threads"
                : "scalar kernels, " + par.threads() + " threads";
    }

    @Override
    public int threads() {
        return par.threads();
    }

    /** The FMA probe on this backend's threads for about a second (the scalar twins have no vector peak to approach). */
    @Override
    public double peakGflops() {
        if (!vector) return Double.NaN;
        try {
            return FmaProbe.gflops(par.threads(), 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    @Override
    public void useThreads(int n) {
        par.useThreads(n);
    }

    @Override
    public void fill(Tensor t, float value) {
        Arrays.fill(t.data(), value);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        requireSize("copy", src, dst);
        System.arraycopy(src.data(), 0, dst.data(), 0, src.size());
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        requireSize("add", a, b);
        requireSize("add", a, out);
        float[] x = a.data(), y = b.data(), o = out.data();
        par.forRange(x.length, ELEMENTS, (lo, hi) -> {
            if (o == y) { // out is b: add a into it (x + y and y + x are the same bits)
                rows.add(x, lo, o, lo, hi - lo);
                return;
            }
            if (o != x) System.arraycopy(x, lo, o, lo, hi - lo);
            rows.add(y, lo, o, lo, hi - lo);
        });
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        requireSize("axpy", x, y);
        float[] a = x.data(), b = y.data();
        par.forRange(x.size(), ELEMENTS, (lo, hi) -> rows.axpy(alpha, a, lo, b, lo, hi - lo));
    }

    @Override
    public void scale(Tensor x, float s, Tensor out) {
        requireSize("scale", x, out);
        float[] a = x.data(), o = out.data();
        par.forRange(a.length, CHUNK, (lo, hi) -> scaleRange(a, s, o, lo, hi));
    }

    /** o[lo, hi) = s · a[lo, hi), or zeros without reading a when s is 0 (the DARTS zero op: 0·x). */
    private static void scaleRange(float[] a, float s, float[] o, int lo, int hi) {
        if (s == 0f) {
            Arrays.fill(o, lo, hi, 0f);
            return;
        }
        for (int i = lo; i < hi; i++) o[i] = a[i] * s;
    }

    /**
     * One pass instead of one per term: each element's terms are summed in a register, in the
     * order and with the operations of {@link #scale} then {@link #axpy} (the same bits), and
     * written once. A MixedOp's terms took a pass and a parallel region each over its output,
     * rereading and rewriting it once per term.
     */
    @Override
    public void weightedSum(Tensor w, int[] slots, Tensor[] xs, Tensor out) {
        for (Tensor x : xs) requireSize("weighted_sum", x, out);
        float[] o = out.data(), wd = w.data();
        float[][] x = new float[xs.length][];
        float[] ws = new float[xs.length];
        for (int i = 0; i < xs.length; i++) {
            x[i] = xs[i].data();
            ws[i] = wd[slots[i]];
        }
        par.forRange(o.length, ELEMENTS, (lo, hi) -> {
            if (ws[0] == 0f) { // scale's zero term: zeros without reading x[0], then the others added in turn
                scaleRange(x[0], 0f, o, lo, hi);
                for (int i = 1; i < x.length; i++) rows.axpy(ws[i], x[i], lo, o, lo, hi - lo);
            } else if (vector) {
                Vec.weightedSum(x, ws, o, lo, hi);
            } else {
                Scalar.weightedSum(x, ws, o, lo, hi);
            }
        });
    }

    /**
     * One pass over g for all the terms, chunk by chunk: each term's dot over the chunk that
     * {@link #dot} would take and its scaled gradient, while the chunk of g stays in cache. The
     * dots are added in chunk order, as {@link #dot} adds them (the same bits).
     */
    @Override
    public void weightedSumBackward(Tensor w, int[] slots, Tensor g, Tensor[] xs, double[] dots, Tensor[] gxs) {
        float[] gd = g.data(), wd = w.data();
        int terms = slots.length, size = gd.length, chunks = (size + CHUNK - 1) / CHUNK;
        float[][] x = new float[terms][], gx = new float[terms][];
        float[] ws = new float[terms];
        for (int i = 0; i < terms; i++) {
            ws[i] = wd[slots[i]];
            if (dots != null) {
                requireSize("weighted_sum", xs[i], g);
                x[i] = xs[i].data();
            }
            if (gxs[i] != null) {
                requireSize("weighted_sum", gxs[i], g);
                gx[i] = gxs[i].data();
            }
        }
        double[] part = dots != null ? new double[terms * chunks] : null;
        par.forRange(chunks, ELEMENTS / CHUNK, (lo, hi) -> {
            for (int c = lo; c < hi; c++) {
                int from = c * CHUNK, to = Math.min(size, from + CHUNK);
                for (int i = 0; i < terms; i++) {
                    if (part != null) part[i * chunks + c] = rows.dot(gd, from, x[i], from, to - from);
                    if (gx[i] != null) scaleRange(gd, ws[i], gx[i], from, to);
                }
            }
        });
        for (int i = 0; dots != null && i < terms; i++) {
            double sum = 0;
            for (int c = 0; c < chunks; c++) sum += part[i * chunks + c];
            dots[i] = sum;
        }
    }

    @Override
    public void scaleSamples(Tensor x, float[] s, Tensor out) {
        requireSize("scale_samples", x, out);
        int per = x.size() / s.length;
        float[] a = x.data(), o = out.data();
        // split by sample like the kernels around it (drop-path scales every cell output of
        // NetworkCIFAR's training step, a serial stretch when this ran on one thread)
        par.forRange(s.length, Parallel.grain(per), (lo, hi) -> {
            for (int n = lo; n < hi; n++) {
                float f = s[n];
                for (int i = n * per; i < (n + 1) * per; i++) o[i] = a[i] * f;
            }
        });
    }

    @Override
    public void relu(Tensor x, Tensor out) {
        float[] a = x.data(), o = out.data();
        par.forRange(a.length, CHUNK, (lo, hi) -> {
            if (vector) Vec.relu(a, o, lo, hi);
            else for (int i = lo; i < hi; i++) o[i] = a[i] > 0f ? a[i] : 0f;
        });
    }

    @Override
    public void reluBackward(Tensor y, Tensor g, Tensor gx) {
        float[] a = y.data(), b = g.data(), o = gx.data();
        par.forRange(a.length, CHUNK, (lo, hi) -> {
            if (vector) Vec.reluMask(a, b, o, lo, hi);
            else for (int i = lo; i < hi; i++) o[i] = a[i] > 0f ? b[i] : 0f;
        });
    }

    @Override
    public double dot(Tensor a, Tensor b) {
        requireSize("dot", a, b);
        return chunkedDot(a.data(), b.data());
    }

    @Override
    public double sumSquares(Tensor a) {
        return chunkedDot(a.data(), a.data());
    }

    /** Σ x·y as float dots of fixed chunks, computed in parallel and added in chunk order in double. */
    private double chunkedDot(float[] x, float[] y) {
        int chunks = (x.length + CHUNK - 1) / CHUNK;
        double[] part = new double[chunks];
        par.forRange(chunks, ELEMENTS / CHUNK, (lo, hi) -> {
            for (int c = lo; c < hi; c++) part[c] = rows.dot(x, c * CHUNK, y, c * CHUNK, Math.min(CHUNK, x.length - c * CHUNK));
        });
        double s = 0;
        for (double d : part) s += d;
        return s;
    }

    @Override
    public void copyChannels(Tensor src, int srcC0, Tensor dst, int dstC0, int count, boolean accumulate) {
        int[] s = src.shape(), d = dst.shape();
        if (s[0] != d[0] || s[2] != d[2] || s[3] != d[3] || srcC0 + count > s[1] || dstC0 + count > d[1]) {
            throw new IllegalArgumentException("copy_channels: " + count + " channels from " + Shapes.str(s) + "@" + srcC0
                    + " to " + Shapes.str(d) + "@" + dstC0);
        }
        LayoutKernels.copyChannels(rows, par, src.data(), s[1], srcC0, dst.data(), d[1], dstC0, count, s[0], s[2] * s[3], accumulate);
    }

    @Override
    public void fillChannels(Tensor t, int c0, int count, float value) {
        int[] s = t.shape();
        if (s.length != 4 || c0 < 0 || count < 0 || c0 + count > s[1]) {
            throw new IllegalArgumentException("fill_channels: " + count + " channels at " + c0 + " of " + Shapes.str(s));
        }
        LayoutKernels.fillChannels(par, t.data(), s[1], c0, count, s[0], s[2] * s[3], value);
    }

    @Override
    public void gatherChannels(Tensor src, int[] from, Tensor dst, int[] to) {
        int[] s = src.shape(), d = dst.shape();
        boolean ok = s.length == 4 && d.length == 4 && s[0] == d[0] && s[2] == d[2] && s[3] == d[3] && from.length == to.length;
        for (int j = 0; ok && j < from.length; j++) ok = from[j] >= 0 && from[j] < s[1] && to[j] >= 0 && to[j] < d[1];
        if (!ok) {
            throw new IllegalArgumentException("gather_channels: " + from.length + " channels from " + Shapes.str(s) + " to " + Shapes.str(d));
        }
        LayoutKernels.gatherChannels(par, src.data(), s[1], from, dst.data(), d[1], to, s[0], s[2] * s[3]);
    }

    @Override
    public void permuteChannels(Tensor src, Tensor dst, int[] perm) {
        LayoutKernels.permuteChannels(par, src.data(), dst.data(), perm, src.dim(0), src.dim(2) * src.dim(3));
    }

    @Override
    public void spatialGather(Tensor big, Tensor small, int off, int step) {
        LayoutKernels.gather(par, big.data(), big.dim(2), big.dim(3), small.data(), small.dim(2), small.dim(3),
                big.dim(0) * big.dim(1), off, step);
    }

    @Override
    public void spatialScatter(Tensor small, Tensor big, int off, int step) {
        LayoutKernels.scatter(par, small.data(), small.dim(2), small.dim(3), big.data(), big.dim(2), big.dim(3),
                big.dim(0) * big.dim(1), off, step);
    }

    @Override
    public void conv2d(Tensor x, Tensor weight, Tensor out, ConvGeometry g) {
        ConvKernels.forward(vector, par, x.data(), weight.data(), out.data(), g);
    }

    @Override
    public void conv2dBackwardInput(Tensor gradOut, Tensor weight, Tensor gradIn, ConvGeometry g) {
        ConvKernels.backwardInput(vector, par, gradOut.data(), weight.data(), gradIn.data(), g);
    }

    @Override
    public void conv2dBackwardWeight(Tensor x, Tensor gradOut, Tensor gradWeight, ConvGeometry g) {
        ConvKernels.backwardWeight(vector, par, x.data(), gradOut.data(), gradWeight.data(), g);
    }

    /**
     * Depthwise convolutions apply the ReLU as they copy each input plane into their scratch; 1x1
     * stride-1 ones (a cell's preprocessing) as they copy each sample into the product's scratch
     * (forward and weight gradient), and mask their input gradient sample by sample.
     */
    @Override
    public boolean fusesReluInto(ConvGeometry g) {
        return vector && (g.depthwise() || g.pointwise());
    }

    @Override
    public void reluConv2d(Tensor x, Tensor weight, Tensor out, ConvGeometry g) {
        if (!fusesReluInto(g)) super.reluConv2d(x, weight, out, g);
        else if (g.depthwise()) DepthwiseKernels.forward(par, x.data(), weight.data(), out.data(), g, true);
        else ConvKernels.pointwiseReluForward(par, x.data(), weight.data(), out.data(), g);
    }

    @Override
    public void reluConv2dBackwardInput(Tensor x, Tensor gradOut, Tensor weight, Tensor gradIn, ConvGeometry g) {
        if (!fusesReluInto(g)) super.reluConv2dBackwardInput(x, gradOut, weight, gradIn, g);
        else if (g.depthwise()) DepthwiseKernels.backwardInput(par, gradOut.data(), weight.data(), gradIn.data(), g, x.data());
        else ConvKernels.pointwiseReluBackwardInput(par, x.data(), gradOut.data(), weight.data(), gradIn.data(), g);
    }

    @Override
    public void reluConv2dBackwardWeight(Tensor x, Tensor gradOut, Tensor gradWeight, ConvGeometry g) {
        if (!fusesReluInto(g)) super.reluConv2dBackwardWeight(x, gradOut, gradWeight, g);
        else if (g.depthwise()) DepthwiseKernels.backwardWeight(par, x.data(), gradOut.data(), gradWeight.data(), g, true);
        else ConvKernels.pointwiseReluBackwardWeight(par, x.data(), gradOut.data(), gradWeight.data(), g);
    }

    @Override
    public void linear(Tensor x, Tensor weight, Tensor bias, Tensor out) {
        int n = x.dim(0), in = x.dim(1), o = weight.dim(0);
        float[] y = out.data();
        if (bias != null) {
            for (int i = 0; i < n; i++) System.arraycopy(bias.data(), 0, y, i * o, o);
        }
        Gemm.nt(vector, par, n, o, in, x.data(), 0, in, weight.data(), 0, in, y, 0, o, bias != null);
    }

    @Override
    public void linearBackward(Tensor x, Tensor weight, Tensor gradOut, Tensor gradIn, Tensor gradWeight, Tensor gradBias) {
        int n = x.dim(0), in = x.dim(1), o = weight.dim(0);
        float[] g = gradOut.data();
        if (gradIn != null) Gemm.nn(vector, par, n, in, o, g, 0, o, 1, weight.data(), 0, in, gradIn.data(), 0, in, false);
        // dW[o×in] = gᵀ·x: a(i,k) = g[k·o + i]
        if (gradWeight != null) Gemm.nn(vector, par, o, in, n, g, 0, 1, o, x.data(), 0, in, gradWeight.data(), 0, in, false);
        if (gradBias != null) {
            float[] gb = gradBias.data();
            for (int j = 0; j < o; j++) {
                float s = 0;
                for (int i = 0; i < n; i++) s += g[i * o + j];
                gb[j] = s;
            }
        }
    }

    @Override
    public void batchNormTrain(Tensor x, Tensor gamma, Tensor beta, Tensor out, Tensor saveMean, Tensor saveInvStd,
                               Tensor runningMean, Tensor runningVar, float momentum, float eps) {
        int n = x.dim(0), c = x.dim(1), hw = x.dim(2) * x.dim(3);
        double[] mean = new double[c], var = new double[c];
        BatchNormKernels.stats(rows, par, x.data(), n, c, hw, mean, var);
        float[] m = saveMean.data(), is = saveInvStd.data();
        long count = (long) n * hw;
        for (int ch = 0; ch < c; ch++) {
            m[ch] = (float) mean[ch];
            is[ch] = (float) (1.0 / Math.sqrt(var[ch] + eps));
            if (runningMean != null) {
                float[] rm = runningMean.data(), rv = runningVar.data();
                rm[ch] = (1 - momentum) * rm[ch] + momentum * (float) mean[ch];
                rv[ch] = (1 - momentum) * rv[ch] + momentum * (float) (var[ch] * count / (count - 1));
            }
        }
        BatchNormKernels.apply(rows, par, x.data(), m, is, data(gamma), data(beta), out.data(), n, c, hw);
    }

    @Override
    public void invStd(Tensor var, float eps, Tensor invStd) {
        float[] v = var.data(), o = invStd.data();
        for (int i = 0; i < v.length; i++) o[i] = (float) (1.0 / Math.sqrt((double) v[i] + eps));
    }

    @Override
    public void batchNormApply(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta, Tensor out) {
        BatchNormKernels.apply(rows, par, x.data(), mean.data(), invStd.data(), data(gamma), data(beta), out.data(),
                x.dim(0), x.dim(1), x.dim(2) * x.dim(3));
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gradOut, Tensor mean, Tensor invStd, Tensor gamma, boolean batchStats,
                                  Tensor gradIn, Tensor gradGamma, Tensor gradBeta) {
        BatchNormKernels.backward(rows, par, x.data(), gradOut.data(), mean.data(), invStd.data(), data(gamma), batchStats,
                data(gradIn), data(gradGamma), data(gradBeta), x.dim(0), x.dim(1), x.dim(2) * x.dim(3));
    }

    @Override
    public void maxPool(Tensor x, Tensor out, PoolGeometry g) {
        PoolKernels.maxForward(rows, par, x.data(), out.data(), g);
    }

    @Override
    public void maxPoolBackward(Tensor x, Tensor out, Tensor gradOut, Tensor gradIn, PoolGeometry g) {
        PoolKernels.maxBackward(vector, par, x.data(), out.data(), gradOut.data(), gradIn.data(), g);
    }

    @Override
    public void avgPool(Tensor x, Tensor out, PoolGeometry g) {
        PoolKernels.avgForward(rows, par, x.data(), out.data(), g);
    }

    @Override
    public void avgPoolBackward(Tensor gradOut, Tensor gradIn, PoolGeometry g) {
        PoolKernels.avgBackward(rows, par, gradOut.data(), gradIn.data(), g);
    }

    @Override
    public void globalAvgPool(Tensor x, Tensor out) {
        LayoutKernels.globalAvg(rows, par, x.data(), out.data(), x.dim(0) * x.dim(1), x.dim(2) * x.dim(3));
    }

    @Override
    public void globalAvgPoolBackward(Tensor gradOut, Tensor gradIn) {
        LayoutKernels.globalAvgBackward(par, gradOut.data(), gradIn.data(), gradIn.dim(0) * gradIn.dim(1), gradIn.dim(2) * gradIn.dim(3));
    }

    @Override
    public void softmax(Tensor x, Tensor out, boolean log) {
        int cols = x.dim(-1);
        LossKernels.softmax(x.data(), out.data(), x.size() / cols, cols, log);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor gradOut, Tensor gradIn, boolean log) {
        int cols = y.dim(-1);
        LossKernels.softmaxBackward(y.data(), gradOut.data(), gradIn.data(), y.size() / cols, cols, log);
    }

    @Override
    public double crossEntropy(Tensor logits, int[] targets, float smoothing, Tensor gradLogits) {
        return LossKernels.crossEntropy(logits.data(), logits.dim(0), logits.dim(1), targets, smoothing, data(gradLogits));
    }

    @Override
    public void sgdStep(Tensor p, Tensor g, Tensor buf, float lr, float momentum, float weightDecay, boolean first) {
        OptimKernels.sgd(vector, p.data(), g.data(), buf.data(), lr, momentum, weightDecay, first);
    }

    @Override
    public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                         float weightDecay, int step) {
        OptimKernels.adam(vector, p.data(), g.data(), m.data(), v.data(), lr, beta1, beta2, eps, weightDecay, step);
    }

    private static float[] data(Tensor t) {
        return t == null ? null : t.data();
    }

}
