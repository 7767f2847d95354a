package dev.pcdarts.tornado;

import dev.pcdarts.engine.backend.ConvGeometry;
import dev.pcdarts.engine.backend.PoolGeometry;
import dev.pcdarts.engine.tensor.Shapes;
import dev.pcdarts.engine.tensor.Tensor;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * The engine's kernels on a TornadoVM device. Tensors live in the device memory (see
 * {@link DeviceBackend}) and every kernel runs there (see {@link Dispatcher}); the host only
 * packs launch parameters and combines the float pairs that carry double-precision sums back
 * where a kernel's result is a host value (a dot product, the loss).
 */
public final class TornadoBackend extends DeviceBackend {
    /** Elements per partial sum of a dot product: fixed, so results never depend on the device. */
    private static final int DOT_CHUNK = 1 << 12;
    private final TornadoDevice device;

    /** The device "driver:device" (e.g. "0:0"), or the default device when blank. */
    public TornadoBackend(String deviceSpec) {
        this(pick(deviceSpec));
    }

    private TornadoBackend(TornadoDevice device) {
        super(new Dispatcher(device, new DeviceMemory()));
        this.device = device;
    }

    private static TornadoDevice pick(String spec) {
        if (spec == null || spec.isBlank()) return TornadoExecutionPlan.DEFAULT_DEVICE;
        String[] parts = spec.split(":");
        try {
            return TornadoExecutionPlan.getDevice(Integer.parseInt(parts[0].trim()), parts.length > 1 ? Integer.parseInt(parts[1].trim()) : 0);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("no TornadoVM device '" + spec + "' (expected driver:device, e.g. 0:0; "
                    + "`tornado --devices` lists them): " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "tornado";
    }

    @Override
    public String describe() {
        return "TornadoVM on " + device.getDeviceName() + " (" + device.getPhysicalDevice().getDeviceName() + ")";
    }

    @Override
    public int threads() {
        return 1;
    }

    /** Task graphs compiled so far (one per kernel and staging size, each on its first launch). */
    public long compiledPlans() {
        return dispatch.counters.snapshot().get("plans_compiled");
    }

    /** Kernel launches so far, staging copies included. */
    public long launches() {
        return dispatch.counters.snapshot().get("kernel_launches");
    }

    // ---- elementwise ----------------------------------------------------------------------
    @Override
    public void fill(Tensor t, float value) {
        dispatch.call(Kernel.FILL, t.size()).at(0, t).floats(value).run();
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        requireSize("copy", src, dst);
        dispatch.call(Kernel.COPY, src.size()).at(0, src).at(1, dst).run();
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        requireSize("add", a, b);
        requireSize("add", a, out);
        dispatch.call(Kernel.ADD, a.size()).at(0, a).at(1, b).at(2, out).run();
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        requireSize("axpy", x, y);
        dispatch.call(Kernel.AXPY, x.size()).at(0, x).at(1, y).floats(alpha).run();
    }

    @Override
    public void axpyIndexed(Tensor w, int index, Tensor x, Tensor y) {
        requireSize("axpy_indexed", x, y);
        dispatch.call(Kernel.AXPY_INDEXED, x.size()).at(0, x).at(1, y).at(2, w).ints(index).run();
    }

    @Override
    public void scaleIndexed(Tensor w, int index, Tensor x, Tensor out) {
        requireSize("scale_indexed", x, out);
        dispatch.call(Kernel.SCALE_INDEXED, x.size()).at(0, x).at(1, out).at(2, w).ints(index).run();
    }

    @Override
    public void scale(Tensor x, float s, Tensor out) {
        requireSize("scale", x, out);
        dispatch.call(Kernel.SCALE, x.size()).at(0, x).at(1, out).floats(s).run();
    }

    @Override
    public void scaleSamples(Tensor x, float[] s, Tensor out) {
        requireSize("scale_samples", x, out);
        DeviceStorage mask = put(s); // the drop-path draw of this step: a small device input
        dispatch.call(Kernel.SCALE_SAMPLES, x.size()).at(0, x).at(1, out).at(2, mask)
                .ints(x.size() / s.length).run();
    }

    @Override
    public void relu(Tensor x, Tensor out) {
        dispatch.call(Kernel.RELU, x.size()).at(0, x).at(1, out).run();
    }

    @Override
    public void reluBackward(Tensor y, Tensor g, Tensor gx) {
        dispatch.call(Kernel.RELU_BACKWARD, y.size()).at(0, y).at(1, g).at(2, gx).run();
    }

    @Override
    public double dot(Tensor a, Tensor b) {
        requireSize("dot", a, b);
        int n = a.size(), chunks = (n + DOT_CHUNK - 1) / DOT_CHUNK;
        DeviceStorage sums = scratch(2 * chunks);
        dispatch.call(Kernel.DOT_CHUNKS, chunks).at(0, a).at(1, b).at(2, sums).ints(n, DOT_CHUNK).run();
        float[] partial = read(sums);
        double s = 0;
        for (int j = 0; j < chunks; j++) s += pair(partial, j, chunks);
        return s;
    }

    @Override
    public void weightedSumBackwardTo(Tensor w, int[] slots, Tensor g, Tensor[] xs, Tensor gw, Tensor[] gxs) {
        for (int i = 0; i < slots.length; i++) if (gxs[i] != null) scaleIndexed(w, slots[i], g, gxs[i]);
        if (gw == null) return;
        // the dots stay on the device: each as the chunk pairs of dot(), summed there as dot() sums them here
        int n = g.size(), chunks = (n + DOT_CHUNK - 1) / DOT_CHUNK;
        DeviceStorage sums = scratch(2 * chunks * slots.length);
        for (int i = 0; i < slots.length; i++) {
            requireSize("weighted_sum_backward", g, xs[i]);
            dispatch.call(Kernel.DOT_CHUNKS, chunks).at(0, g).at(1, xs[i]).at(2, sums.slice(2 * chunks * i, 2 * chunks))
                    .ints(n, DOT_CHUNK).run();
        }
        fill(gw, 0f);
        dispatch.call(Kernel.DOTS_FINISH, slots.length).at(0, sums).at(1, gw).ints(chunks).ints(slots).run();
    }

    @Override
    public double sumSquares(Tensor a) {
        return dot(a, a);
    }

    @Override
    public double[] sumSquaresEach(Tensor[] ts) {
        int[] at = new int[ts.length + 1];
        for (int i = 0; i < ts.length; i++) at[i + 1] = at[i] + 2 * ((ts[i].size() + DOT_CHUNK - 1) / DOT_CHUNK);
        DeviceStorage sums = scratch(Math.max(1, at[ts.length]));
        for (int i = 0; i < ts.length; i++) {
            int n = ts[i].size(), chunks = (at[i + 1] - at[i]) / 2;
            dispatch.call(Kernel.DOT_CHUNKS, chunks).at(0, ts[i]).at(1, ts[i]).at(2, sums.slice(at[i], 2 * chunks)).ints(n, DOT_CHUNK).run();
        }
        float[] partial = read(sums); // every tensor's chunk sums in one read-back
        double[] out = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            int chunks = (at[i + 1] - at[i]) / 2;
            double s = 0;
            for (int j = 0; j < chunks; j++) s += (double) partial[at[i] + j] + partial[at[i] + chunks + j];
            out[i] = s;
        }
        return out;
    }

    // ---- layout ---------------------------------------------------------------------------
    @Override
    public void copyChannels(Tensor src, int srcC0, Tensor dst, int dstC0, int count, boolean accumulate) {
        int[] s = src.shape(), d = dst.shape();
        if (s[0] != d[0] || s[2] != d[2] || s[3] != d[3] || srcC0 + count > s[1] || dstC0 + count > d[1]) {
            throw new IllegalArgumentException("copy_channels: " + count + " channels from " + Shapes.str(s) + "@" + srcC0
                    + " to " + Shapes.str(d) + "@" + dstC0);
        }
        int hw = s[2] * s[3];
        dispatch.call(Kernel.COPY_CHANNELS, s[0] * count * hw).at(0, src).at(1, dst)
                .ints(s[1], srcC0, d[1], dstC0, count, hw, accumulate ? 1 : 0).run();
    }

    @Override
    public void permuteChannels(Tensor src, Tensor dst, int[] perm) {
        dispatch.call(Kernel.PERMUTE_CHANNELS, src.size()).at(0, src).at(1, dst)
                .ints(perm.length, src.dim(2) * src.dim(3)).ints(perm).run();
    }

    @Override
    public void gatherChannels(Tensor src, int[] from, Tensor dst, int[] to) {
        if (from.length != to.length) throw new IllegalArgumentException("gather_channels: " + from.length + " sources for " + to.length + " targets");
        int hw = src.dim(2) * src.dim(3);
        dispatch.call(Kernel.GATHER_CHANNELS, src.dim(0) * from.length * hw).at(0, src).at(1, dst)
                .ints(src.dim(1), dst.dim(1), hw, from.length).ints(from).ints(to).run();
    }

    @Override
    public void spatialGather(Tensor big, Tensor small, int off, int step) {
        dispatch.call(Kernel.SPATIAL_GATHER, small.size()).at(0, big).at(1, small)
                .ints(big.dim(2), big.dim(3), small.dim(2), small.dim(3), off, step).run();
    }

    @Override
    public void spatialScatter(Tensor small, Tensor big, int off, int step) {
        dispatch.call(Kernel.SPATIAL_SCATTER, big.size()).at(0, small).at(1, big)
                .ints(big.dim(2), big.dim(3), small.dim(2), small.dim(3), off, step).run();
    }

    // ---- convolution and linear ------------------------------------------------------------
    private static int[] geometry(ConvGeometry g) {
        return new int[] {g.n(), g.cin(), g.h(), g.w(), g.cout(), g.kh(), g.kw(), g.strideH(), g.strideW(),
                g.padH(), g.padW(), g.dilH(), g.dilW(), g.groups(), g.oh(), g.ow()};
    }

    @Override
    public void conv2d(Tensor x, Tensor weight, Tensor out, ConvGeometry g) {
        dispatch.call(Kernel.CONV, out.size()).at(0, x).at(1, weight).at(2, out).ints(geometry(g)).run();
    }

    @Override
    public void conv2dBackwardInput(Tensor gradOut, Tensor weight, Tensor gradIn, ConvGeometry g) {
        dispatch.call(Kernel.CONV_BACKWARD_INPUT, gradIn.size()).at(0, gradOut).at(1, weight)
                .at(2, gradIn).ints(geometry(g)).run();
    }

    @Override
    public void conv2dBackwardWeight(Tensor x, Tensor gradOut, Tensor gradWeight, ConvGeometry g) {
        dispatch.call(Kernel.CONV_BACKWARD_WEIGHT, gradWeight.size()).at(0, x).at(1, gradOut)
                .at(2, gradWeight).ints(geometry(g)).run();
    }

    @Override
    public void linear(Tensor x, Tensor weight, Tensor bias, Tensor out) {
        int n = x.dim(0), in = x.dim(1), o = weight.dim(0);
        DeviceStorage b = bias == null ? constant(o, 0f) : dispatch.storage(bias);
        dispatch.call(Kernel.LINEAR, n * o).at(0, x).at(1, weight).at(2, b).at(3, out)
                .ints(n, in, o).run();
    }

    @Override
    public void linearBackward(Tensor x, Tensor weight, Tensor gradOut, Tensor gradIn, Tensor gradWeight, Tensor gradBias) {
        int n = x.dim(0), in = x.dim(1), o = weight.dim(0);
        if (gradIn != null) {
            dispatch.call(Kernel.LINEAR_BACKWARD_INPUT, n * in).at(0, gradOut).at(1, weight)
                    .at(2, gradIn).ints(n, in, o).run();
        }
        if (gradWeight != null) {
            dispatch.call(Kernel.LINEAR_BACKWARD_WEIGHT, o * in).at(0, gradOut).at(1, x)
                    .at(2, gradWeight).ints(n, in, o).run();
        }
        if (gradBias != null) {
            dispatch.call(Kernel.LINEAR_BACKWARD_BIAS, o).at(0, gradOut).at(1, gradBias).ints(n, in, o).run();
        }
    }

    // ---- batch normalisation -----------------------------------------------------------------
    @Override
    public void batchNormTrain(Tensor x, Tensor gamma, Tensor beta, Tensor out, Tensor saveMean, Tensor saveInvStd,
                               Tensor runningMean, Tensor runningVar, float momentum, float eps) {
        int n = x.dim(0), c = x.dim(1), hw = x.dim(2) * x.dim(3);
        boolean running = runningMean != null;
        Dispatcher.Call call = dispatch.call(Kernel.BATCH_STATS, c).at(0, x).at(1, saveMean).at(4, saveInvStd);
        if (running) call.at(5, runningMean).at(6, runningVar);
        call
                .ints(n, hw, running ? 1 : 0).floats(momentum, eps).run();
        batchNormApply(x, saveMean, saveInvStd, gamma, beta, out);
    }

    @Override
    public void invStd(Tensor var, float eps, Tensor invStd) {
        dispatch.call(Kernel.INV_STD, var.size()).at(0, var).at(1, invStd).floats(eps).run();
    }

    @Override
    public void batchNormApply(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta, Tensor out) {
        int c = x.dim(1);
        dispatch.call(Kernel.BATCH_APPLY, x.size()).at(0, x)
                .at(1, mean).at(4, invStd).at(5, orConstant(gamma, c, 1f)).at(6, orConstant(beta, c, 0f)).at(2, out)
                .ints(c, x.dim(2) * x.dim(3)).run();
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gradOut, Tensor mean, Tensor invStd, Tensor gamma, boolean batchStats,
                                  Tensor gradIn, Tensor gradGamma, Tensor gradBeta) {
        int n = x.dim(0), c = x.dim(1), hw = x.dim(2) * x.dim(3);
        DeviceStorage sums = scratch(4 * c), meanG = scratch(c), meanGX = scratch(c);
        dispatch.call(Kernel.BATCH_BACKWARD_SUMS, c).at(0, x).at(1, gradOut).at(2, mean).at(4, invStd).at(3, sums).ints(n, hw).run();
        // the float pairs combine in double on the device, as they did on the host, so the bits stay
        Dispatcher.Call finish = dispatch.call(Kernel.BATCH_BACKWARD_FINISH, c).at(0, sums).at(3, meanG).at(4, meanGX)
                .ints(n, hw, batchStats ? 1 : 0, gradGamma != null ? 1 : 0, gradBeta != null ? 1 : 0);
        if (gradGamma != null) finish.at(1, gradGamma);
        if (gradBeta != null) finish.at(2, gradBeta);
        finish.run();
        if (gradIn == null) return;
        dispatch.call(Kernel.BATCH_BACKWARD_INPUT, x.size()).at(0, x).at(1, gradOut)
                .at(2, mean).at(4, invStd).at(5, orConstant(gamma, c, 1f)).at(6, meanG).at(7, meanGX).at(3, gradIn)
                .ints(c, hw).run();
    }

    /** A double a kernel returned as a float pair: its high part at i, the rest {@code restOffset} further on. */
    private static double pair(float[] v, int i, int restOffset) {
        return (double) v[i] + v[i + restOffset];
    }

    private DeviceStorage orConstant(Tensor t, int c, float value) {
        return t != null ? dispatch.storage(t) : constant(c, value);
    }

    // ---- pooling ------------------------------------------------------------------------------
    private static int[] geometry(PoolGeometry g) {
        return new int[] {g.h(), g.w(), g.oh(), g.ow(), g.k(), g.stride(), g.pad()};
    }

    @Override
    public void maxPool(Tensor x, Tensor out, PoolGeometry g) {
        dispatch.call(Kernel.MAX_POOL, out.size()).at(0, x).at(1, out).ints(geometry(g)).run();
    }

    @Override
    public void maxPoolBackward(Tensor x, Tensor out, Tensor gradOut, Tensor gradIn, PoolGeometry g) {
        dispatch.call(Kernel.MAX_POOL_BACKWARD, gradIn.size()).at(0, x).at(1, gradOut)
                .at(2, gradIn).ints(geometry(g)).run();
    }

    @Override
    public void avgPool(Tensor x, Tensor out, PoolGeometry g) {
        dispatch.call(Kernel.AVG_POOL, out.size()).at(0, x).at(1, out).ints(geometry(g)).run();
    }

    @Override
    public void avgPoolBackward(Tensor gradOut, Tensor gradIn, PoolGeometry g) {
        dispatch.call(Kernel.AVG_POOL_BACKWARD, gradIn.size()).at(0, gradOut).at(2, gradIn)
                .ints(geometry(g)).run();
    }

    @Override
    public void globalAvgPool(Tensor x, Tensor out) {
        dispatch.call(Kernel.GLOBAL_AVG, x.dim(0) * x.dim(1)).at(0, x).at(1, out)
                .ints(x.dim(2) * x.dim(3)).run();
    }

    @Override
    public void globalAvgPoolBackward(Tensor gradOut, Tensor gradIn) {
        dispatch.call(Kernel.GLOBAL_AVG_BACKWARD, gradIn.size()).at(0, gradOut).at(1, gradIn)
                .ints(gradIn.dim(2) * gradIn.dim(3)).run();
    }

    // ---- softmax and loss -------------------------------------------------------------------
    @Override
    public void softmax(Tensor x, Tensor out, boolean log) {
        int cols = x.dim(-1);
        dispatch.call(Kernel.SOFTMAX, x.size() / cols).at(0, x).at(1, out).ints(cols, log ? 1 : 0).run();
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor gradOut, Tensor gradIn, boolean log) {
        int cols = y.dim(-1);
        dispatch.call(Kernel.SOFTMAX_BACKWARD, y.size() / cols).at(0, y).at(1, gradOut)
                .at(2, gradIn).ints(cols, log ? 1 : 0).run();
    }

    @Override
    public void segmentSoftmax(Tensor x, int[] lengths, Tensor out) {
        dispatch.call(Kernel.SEGMENT_SOFTMAX, lengths.length).at(0, x).at(1, out).ints(lengths).run();
    }

    @Override
    public void segmentSoftmaxBackward(Tensor y, Tensor g, int[] lengths, Tensor gx) {
        dispatch.call(Kernel.SEGMENT_SOFTMAX_BACKWARD, lengths.length).at(0, y).at(1, g).at(2, gx).ints(lengths).run();
    }

    @Override
    public double crossEntropy(Tensor logits, int[] targets, float smoothing, Tensor gradLogits) {
        int n = logits.dim(0), c = logits.dim(1); // LossOps has checked the targets against c
        DeviceStorage sums = scratch(2 * n);
        DeviceStorage grad = gradLogits == null ? sums : dispatch.storage(gradLogits); // not written without a gradient
        dispatch.call(Kernel.CROSS_ENTROPY, n).at(0, logits).at(1, grad).at(2, sums)
                .ints(c, gradLogits == null ? 0 : 1).ints(targets).floats(smoothing).run();
        float[] rows = read(sums); // the loss: the one value a training step must show the host
        double total = 0;
        for (int r = 0; r < n; r++) total += pair(rows, r, n);
        return total / n;
    }

    // ---- optimisers ---------------------------------------------------------------------------
    @Override
    public void sgdStep(Tensor p, Tensor g, Tensor buf, float lr, float momentum, float weightDecay, boolean first) {
        dispatch.call(Kernel.SGD, p.size()).at(0, p).at(1, g).at(2, buf)
                .ints(first ? 1 : 0).floats(lr, momentum, weightDecay).run();
    }

    @Override
    public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                         float weightDecay, int step) {
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2 = 1 - Math.pow(beta2, step);
        dispatch.call(Kernel.ADAM, p.size()).at(0, p).at(1, g).at(2, m).at(3, v)
                .floats(beta1, beta2, eps, weightDecay, (float) (lr / bc1), (float) Math.sqrt(bc2)).run();
    }

}
