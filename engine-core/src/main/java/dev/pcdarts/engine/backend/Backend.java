package dev.pcdarts.engine.backend;

import dev.pcdarts.engine.tensor.Storage;
import dev.pcdarts.engine.tensor.Tensor;

/**
 * The kernels a backend implements. Operators in {@code dev.pcdarts.engine.ops} are written once
 * against this interface, so they run unchanged on every backend. Kernels overwrite their
 * outputs unless the name says they accumulate. Every kernel must give the same bits whatever
 * the number of threads.
 */
public interface Backend {
    String name();

    /** Human-readable details: vector width, threads, devices. */
    String describe();

    int threads();

    /**
     * Kernels use at most {@code n} (at least 1) of the {@link #threads()} from now on, and all of
     * them again for {@code n >= threads()}: for timing one thread against all of them in one
     * process, iteration by iteration (the bits do not change). Backends without kernel threads
     * ignore it.
     */
    default void useThreads(int n) {}

    /**
     * The float32 multiply-add peak of this machine for this backend's threads, in GFLOP/s,
     * measured when called (about a second); NaN where the backend cannot tell. Bench sets the
     * nominal rate of a step against it.
     */
    default double peakGflops() {
        return Double.NaN;
    }

    // ---- memory -------------------------------------------------------------------------
    /** Zero-filled storage of {@code n} floats. */
    Storage allocate(long n);
    /**
     * Storage of {@code n} floats whose values are unspecified (what a reused buffer held): for an
     * output that a kernel overwrites whole, so that nothing fills it twice.
     */
    default Storage allocateEmpty(long n) { return allocate(n); }
    Storage upload(float[] values);
    float[] download(Tensor t);
    void write(Tensor t, float[] values);
    /**
     * A new iteration of a repeated step (same shapes every time) begins. Backends that plan
     * memory learn the step's allocations from the first iterations and then reuse the same
     * buffers by liveness instead of allocating (see {@link StepMemoryPlanner}).
     */
    default void markStep() {}
    /** Figures about step memory planning for reports (empty where the backend does none). */
    default java.util.Map<String, Object> memoryStats() { return java.util.Map.of(); }
    /**
     * Running totals of the traffic between host and device since the backend was made, for
     * reports: {@code host_to_device}, {@code host_to_device_bytes}, {@code device_to_host},
     * {@code device_to_host_bytes}, {@code kernel_launches}, {@code plans_compiled} and what else
     * the backend counts. Empty where tensors live on the heap and nothing crosses.
     */
    default java.util.Map<String, Long> transferStats() { return java.util.Map.of(); }

    // ---- elementwise --------------------------------------------------------------------
    void fill(Tensor t, float value);
    void copy(Tensor src, Tensor dst);
    /** out = a + b. */
    void add(Tensor a, Tensor b, Tensor out);
    /** y += alpha * x. */
    void axpy(float alpha, Tensor x, Tensor y);
    /** y += w[index] * x, reading the scalar weight from a tensor on this backend. */
    void axpyIndexed(Tensor w, int index, Tensor x, Tensor y);
    /**
     * out = w[index] * x: the first term of a weighted sum, written without zero-filling out
     * first. The default fills and adds (the same value, up to the sign of a zero).
     */
    default void scaleIndexed(Tensor w, int index, Tensor x, Tensor out) {
        fill(out, 0f);
        axpyIndexed(w, index, x, out);
    }
    /**
     * out = Σᵢ w[slots[i]] · xs[i] (a MixedOp's output): {@link #scaleIndexed} of the first term,
     * then {@link #axpyIndexed} of the others in order. A backend may do it in one pass, with
     * the same bits.
     */
    default void weightedSum(Tensor w, int[] slots, Tensor[] xs, Tensor out) {
        scaleIndexed(w, slots[0], xs[0], out);
        for (int i = 1; i < xs.length; i++) axpyIndexed(w, slots[i], xs[i], out);
    }
    /**
     * The backward of {@link #weightedSum} for gradient g: gxs[i] = w[slots[i]] · g where gxs[i]
     * is given ({@link #scaleIndexed}), and dots[i] = {@link #dot}(g, xs[i]) where dots is given.
     * A backend may do it in one pass over g, with the same bits.
     */
    default void weightedSumBackward(Tensor w, int[] slots, Tensor g, Tensor[] xs, double[] dots, Tensor[] gxs) {
        for (int i = 0; i < slots.length; i++) {
            if (dots != null) dots[i] = dot(g, xs[i]);
            if (gxs[i] != null) scaleIndexed(w, slots[i], g, gxs[i]);
        }
    }
    /**
     * {@link #weightedSumBackward} with w's gradient written as a tensor: gw[slots[i]] =
     * (float) dot(g, xs[i]) and zero elsewhere (gw may be null). The default computes the dots on
     * the host and writes gw; a device backend keeps them on the device, with the same bits.
     */
    default void weightedSumBackwardTo(Tensor w, int[] slots, Tensor g, Tensor[] xs, Tensor gw, Tensor[] gxs) {
        double[] dots = gw != null ? new double[slots.length] : null;
        weightedSumBackward(w, slots, g, xs, dots, gxs);
        if (gw == null) return;
        float[] v = new float[gw.size()];
        for (int i = 0; i < slots.length; i++) v[slots[i]] = (float) dots[i];
        gw.copyFrom(v);
    }
    /** out = s * x. */
    void scale(Tensor x, float s, Tensor out);
    /** out[n, ...] = x[n, ...] * s[n]: per-sample scaling (drop-path). */
    void scaleSamples(Tensor x, float[] s, Tensor out);
    void relu(Tensor x, Tensor out);
    /** gx = g where y > 0, else 0 (y is the ReLU output). */
    void reluBackward(Tensor y, Tensor g, Tensor gx);
    /** Sum of a[i] * b[i], in a fixed order. */
    double dot(Tensor a, Tensor b);
    /** Sum of squares, in a fixed order. */
    double sumSquares(Tensor a);
    /**
     * {@link #sumSquares} of each tensor (a gradient norm's parts): the same values, in one
     * read-back where the tensors live on a device.
     */
    default double[] sumSquaresEach(Tensor[] ts) {
        double[] out = new double[ts.length];
        for (int i = 0; i < ts.length; i++) out[i] = sumSquares(ts[i]);
        return out;
    }

    // ---- channel and spatial layout (NCHW) -------------------------------------------------
    /**
     * dst[:, dstC0 + c] (=|+=) src[:, srcC0 + c] for c in [0, count); src and dst share N, H, W.
     */
    void copyChannels(Tensor src, int srcC0, Tensor dst, int dstC0, int count, boolean accumulate);

    /** t[:, c0:c0+count] = value. The default copies from a filled tensor of those channels. */
    default void fillChannels(Tensor t, int c0, int count, float value) {
        Tensor v = Tensor.empty(this, t.dim(0), count, t.dim(2), t.dim(3));
        fill(v, value);
        copyChannels(v, 0, t, c0, count, false);
    }
    /** dst[:, o] = src[:, perm[o]]. */
    void permuteChannels(Tensor src, Tensor dst, int[] perm);
    /**
     * dst[:, to[j]] = src[:, from[j]] for every j; src and dst share N, H, W. One call for a
     * channel shuffle's share of one source, where a copy per channel costs a call each (a
     * search step makes some 19,000). The default copies channel by channel.
     */
    default void gatherChannels(Tensor src, int[] from, Tensor dst, int[] to) {
        for (int j = 0; j < from.length; j++) copyChannels(src, from[j], dst, to[j], 1, false);
    }
    /** small = big[:, :, off::step, off::step] (small's shape gives the extent). */
    void spatialGather(Tensor big, Tensor small, int off, int step);
    /** big = 0 except big[:, :, off::step, off::step] = small. */
    void spatialScatter(Tensor small, Tensor big, int off, int step);

    // ---- convolution and linear ----------------------------------------------------------
    void conv2d(Tensor x, Tensor weight, Tensor out, ConvGeometry g);
    void conv2dBackwardInput(Tensor gradOut, Tensor weight, Tensor gradIn, ConvGeometry g);
    void conv2dBackwardWeight(Tensor x, Tensor gradOut, Tensor gradWeight, ConvGeometry g);
    /**
     * Whether this backend applies a ReLU as its convolution reads the input ({@link #reluConv2d}
     * and its two backward kernels) for geometry g. The fused ReLU→conv→BN unit uses them only
     * then; the default kernels below run a separate ReLU and are correct everywhere.
     */
    default boolean fusesReluInto(ConvGeometry g) { return false; }
    /** conv2d of relu(x), without keeping relu(x). */
    default void reluConv2d(Tensor x, Tensor weight, Tensor out, ConvGeometry g) {
        Tensor r = x.emptyLike();
        relu(x, r);
        conv2d(r, weight, out, g);
    }
    /** The input gradient of {@link #reluConv2d}: the convolution's, zero where x ≤ 0. */
    default void reluConv2dBackwardInput(Tensor x, Tensor gradOut, Tensor weight, Tensor gradIn, ConvGeometry g) {
        Tensor gi = x.emptyLike();
        conv2dBackwardInput(gradOut, weight, gi, g);
        reluBackward(x, gi, gradIn); // x > 0 exactly where relu(x) > 0
    }
    /** The weight gradient of {@link #reluConv2d}. */
    default void reluConv2dBackwardWeight(Tensor x, Tensor gradOut, Tensor gradWeight, ConvGeometry g) {
        Tensor r = x.emptyLike();
        relu(x, r);
        conv2dBackwardWeight(r, gradOut, gradWeight, g);
    }
    /** out[N,O] = x[N,I] · weight[O,I]ᵀ + bias[O] (bias may be null). */
    void linear(Tensor x, Tensor weight, Tensor bias, Tensor out);
    /** Any of gradIn, gradWeight, gradBias may be null. */
    void linearBackward(Tensor x, Tensor weight, Tensor gradOut, Tensor gradIn, Tensor gradWeight, Tensor gradBias);

    // ---- batch normalisation (per channel of NCHW) -------------------------------------------
    /**
     * Training mode: normalises with the batch mean and biased variance, saves mean and
     * 1/sqrt(var+eps), and updates the running buffers (unbiased variance) when non-null.
     * gamma and beta may be null (affine=false).
     */
    void batchNormTrain(Tensor x, Tensor gamma, Tensor beta, Tensor out, Tensor saveMean, Tensor saveInvStd,
                        Tensor runningMean, Tensor runningVar, float momentum, float eps);
    /** invStd = 1/sqrt(var + eps). */
    void invStd(Tensor var, float eps, Tensor invStd);
    /** out = (x - mean) * invStd * gamma + beta, per channel. */
    void batchNormApply(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta, Tensor out);
    /**
     * Gradients of batch norm. With {@code batchStats} the mean and variance are functions of x
     * (training); otherwise they are constants (evaluation). gradGamma/gradBeta may be null.
     */
    void batchNormBackward(Tensor x, Tensor gradOut, Tensor mean, Tensor invStd, Tensor gamma, boolean batchStats,
                           Tensor gradIn, Tensor gradGamma, Tensor gradBeta);

    // ---- pooling -------------------------------------------------------------------------
    void maxPool(Tensor x, Tensor out, PoolGeometry g);
    /** out is the forward's output: each output's gradient goes to the first window element equal to it. */
    void maxPoolBackward(Tensor x, Tensor out, Tensor gradOut, Tensor gradIn, PoolGeometry g);
    /** Average over in-image taps only (count_include_pad=false). */
    void avgPool(Tensor x, Tensor out, PoolGeometry g);
    void avgPoolBackward(Tensor gradOut, Tensor gradIn, PoolGeometry g);
    /** [N,C,H,W] → [N,C,1,1]. */
    void globalAvgPool(Tensor x, Tensor out);
    void globalAvgPoolBackward(Tensor gradOut, Tensor gradIn);

    // ---- rows: softmax and loss ----------------------------------------------------------
    /** Softmax (or log-softmax) over the last dimension of a [rows, cols] view. */
    void softmax(Tensor x, Tensor out, boolean log);
    void softmaxBackward(Tensor y, Tensor gradOut, Tensor gradIn, boolean log);
    /**
     * out = softmax of each consecutive segment of the 1-d x (PC-DARTS' edge weights), sums in
     * double. The default computes on the host: it is a handful of numbers.
     */
    default void segmentSoftmax(Tensor x, int[] lengths, Tensor out) {
        float[] v = x.toArray();
        float[] y = new float[v.length];
        int at = 0;
        for (int len : lengths) {
            float mx = Float.NEGATIVE_INFINITY;
            for (int j = at; j < at + len; j++) mx = Math.max(mx, v[j]);
            double sum = 0;
            for (int j = at; j < at + len; j++) sum += Math.exp(v[j] - mx);
            for (int j = at; j < at + len; j++) y[j] = (float) (Math.exp(v[j] - mx) / sum);
            at += len;
        }
        out.copyFrom(y);
    }
    /** gx = the gradient through {@link #segmentSoftmax} with output y and upstream gradient g. */
    default void segmentSoftmaxBackward(Tensor y, Tensor g, int[] lengths, Tensor gx) {
        float[] yv = y.toArray(), gv = g.toArray();
        float[] out = new float[gv.length];
        int a = 0;
        for (int len : lengths) {
            double dot = 0;
            for (int j = a; j < a + len; j++) dot += (double) gv[j] * yv[j];
            for (int j = a; j < a + len; j++) out[j] = (float) (yv[j] * (gv[j] - dot));
            a += len;
        }
        gx.copyFrom(out);
    }
    /**
     * Mean cross-entropy of logits [N, C] against targets, with label smoothing eps; writes
     * d(loss)/d(logits) into gradLogits (when non-null) and returns the loss.
     */
    double crossEntropy(Tensor logits, int[] targets, float smoothing, Tensor gradLogits);

    // ---- optimiser updates -----------------------------------------------------------------
    /** PyTorch SGD: d = g + wd·p; buf = first ? d : momentum·buf + d; p -= lr·buf. */
    void sgdStep(Tensor p, Tensor g, Tensor buf, float lr, float momentum, float weightDecay, boolean first);
    /** PyTorch Adam with L2 weight decay; {@code step} counts from 1. */
    void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps, float weightDecay, int step);
}
