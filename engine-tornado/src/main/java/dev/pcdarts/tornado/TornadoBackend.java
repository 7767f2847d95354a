package dev.pcdarts.tornado;

import dev.pcdarts.engine.backend.ConvGeometry;
import dev.pcdarts.engine.backend.HeapBackend;
import dev.pcdarts.engine.backend.PoolGeometry;
import dev.pcdarts.engine.tensor.Shapes;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.Arrays;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * The engine's kernels on a TornadoVM device. Tensors keep their values on the heap between
 * kernels and every kernel runs on the device (see {@link Dispatcher}); the host only packs
 * arguments and combines the float pairs that carry double-precision partial sums back.
 */
public final class TornadoBackend extends HeapBackend {
    /** Elements per partial sum of a dot product: fixed, so results never depend on the device. */
    private static final int DOT_CHUNK = 1 << 12;
    private final TornadoDevice device;
    private final Dispatcher dispatch;

    /** The device "driver:device" (e.g. "0:0"), or the default device when blank. */
    public TornadoBackend(String deviceSpec) {
        this.device = pick(deviceSpec);
        this.dispatch = new Dispatcher(device);
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

    /** Execution plans compiled so far (one per kernel and buffer size class). */
    public int compiledPlans() {
        return dispatch.plans();
    }

    // ---- elementwise ----------------------------------------------------------------------
    @Override
    public void fill(Tensor t, float value) {
        dispatch.call(Kernel.FILL, t.size()).slot(0, t.data()).floats(value).run();
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        requireSize("copy", src, dst);
        dispatch.call(Kernel.COPY, src.size()).slot(0, src.data()).slot(1, dst.data()).run();
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        requireSize("add", a, b);
        requireSize("add", a, out);
        dispatch.call(Kernel.ADD, a.size()).slot(0, a.data()).slot(1, b.data()).slot(2, out.data()).run();
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        requireSize("axpy", x, y);
        dispatch.call(Kernel.AXPY, x.size()).slot(0, x.data()).slot(1, y.data()).floats(alpha).run();
    }

    @Override
    public void scale(Tensor x, float s, Tensor out) {
        requireSize("scale", x, out);
        dispatch.call(Kernel.SCALE, x.size()).slot(0, x.data()).slot(1, out.data()).floats(s).run();
    }

    @Override
    public void scaleSamples(Tensor x, float[] s, Tensor out) {
        requireSize("scale_samples", x, out);
        dispatch.call(Kernel.SCALE_SAMPLES, x.size()).slot(0, x.data()).slot(1, out.data()).slot(2, s)
                .ints(x.size() / s.length).run();
    }

    @Override
    public void relu(Tensor x, Tensor out) {
        dispatch.call(Kernel.RELU, x.size()).slot(0, x.data()).slot(1, out.data()).run();
    }

    @Override
    public void reluBackward(Tensor y, Tensor g, Tensor gx) {
        dispatch.call(Kernel.RELU_BACKWARD, y.size()).slot(0, y.data()).slot(1, g.data()).slot(2, gx.data()).run();
    }

    @Override
    public double dot(Tensor a, Tensor b) {
        requireSize("dot", a, b);
        int n = a.size(), chunks = (n + DOT_CHUNK - 1) / DOT_CHUNK;
        float[] partial = new float[2 * chunks];
        dispatch.call(Kernel.DOT_CHUNKS, chunks).slot(0, a.data()).slot(1, b.data()).slot(2, partial).ints(n, DOT_CHUNK).run();
        double s = 0;
        for (int j = 0; j < chunks; j++) s += pair(partial, j, chunks);
        return s;
    }

    @Override
    public double sumSquares(Tensor a) {
        return dot(a, a);
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
        dispatch.call(Kernel.COPY_CHANNELS, s[0] * count * hw).slot(0, src.data()).slot(1, dst.data())
                .ints(s[1], srcC0, d[1], dstC0, count, hw, accumulate ? 1 : 0).run();
    }

    @Override
    public void permuteChannels(Tensor src, Tensor dst, int[] perm) {
        dispatch.call(Kernel.PERMUTE_CHANNELS, src.size()).slot(0, src.data()).slot(1, dst.data())
                .ints(perm.length, src.dim(2) * src.dim(3)).ints(perm).run();
    }

    @Override
    public void spatialGather(Tensor big, Tensor small, int off, int step) {
        dispatch.call(Kernel.SPATIAL_GATHER, small.size()).slot(0, big.data()).slot(1, small.data())
                .ints(big.dim(2), big.dim(3), small.dim(2), small.dim(3), off, step).run();
    }

    @Override
    public void spatialScatter(Tensor small, Tensor big, int off, int step) {
        dispatch.call(Kernel.SPATIAL_SCATTER, big.size()).slot(0, small.data()).slot(1, big.data())
                .ints(big.dim(2), big.dim(3), small.dim(2), small.dim(3), off, step).run();
    }

    // ---- convolution and linear ------------------------------------------------------------
    private static int[] geometry(ConvGeometry g) {
        return new int[] {g.n(), g.cin(), g.h(), g.w(), g.cout(), g.kh(), g.kw(), g.strideH(), g.strideW(),
                g.padH(), g.padW(), g.dilH(), g.dilW(), g.groups(), g.oh(), g.ow()};
    }

    @Override
    public void conv2d(Tensor x, Tensor weight, Tensor out, ConvGeometry g) {
        dispatch.call(Kernel.CONV, out.size()).slot(0, x.data()).slot(1, weight.data()).slot(2, out.data()).ints(geometry(g)).run();
    }

    @Override
    public void conv2dBackwardInput(Tensor gradOut, Tensor weight, Tensor gradIn, ConvGeometry g) {
        dispatch.call(Kernel.CONV_BACKWARD_INPUT, gradIn.size()).slot(0, gradOut.data()).slot(1, weight.data())
                .slot(2, gradIn.data()).ints(geometry(g)).run();
    }

    @Override
    public void conv2dBackwardWeight(Tensor x, Tensor gradOut, Tensor gradWeight, ConvGeometry g) {
        dispatch.call(Kernel.CONV_BACKWARD_WEIGHT, gradWeight.size()).slot(0, x.data()).slot(1, gradOut.data())
                .slot(2, gradWeight.data()).ints(geometry(g)).run();
    }

    @Override
    public void linear(Tensor x, Tensor weight, Tensor bias, Tensor out) {
        int n = x.dim(0), in = x.dim(1), o = weight.dim(0);
        float[] b = bias == null ? new float[o] : bias.data();
        dispatch.call(Kernel.LINEAR, n * o).slot(0, x.data()).slot(1, weight.data()).slot(2, b).slot(3, out.data())
                .ints(n, in, o).run();
    }

    @Override
    public void linearBackward(Tensor x, Tensor weight, Tensor gradOut, Tensor gradIn, Tensor gradWeight, Tensor gradBias) {
        int n = x.dim(0), in = x.dim(1), o = weight.dim(0);
        if (gradIn != null) {
            dispatch.call(Kernel.LINEAR_BACKWARD_INPUT, n * in).slot(0, gradOut.data()).slot(1, weight.data())
                    .slot(2, gradIn.data()).ints(n, in, o).run();
        }
        if (gradWeight != null) {
            dispatch.call(Kernel.LINEAR_BACKWARD_WEIGHT, o * in).slot(0, gradOut.data()).slot(1, x.data())
                    .slot(2, gradWeight.data()).ints(n, in, o).run();
        }
        if (gradBias != null) {
            dispatch.call(Kernel.LINEAR_BACKWARD_BIAS, o).slot(0, gradOut.data()).slot(1, gradBias.data()).ints(n, in, o).run();
        }
    }

    // ---- batch normalisation -----------------------------------------------------------------
    @Override
    public void batchNormTrain(Tensor x, Tensor gamma, Tensor beta, Tensor out, Tensor saveMean, Tensor saveInvStd,
                               Tensor runningMean, Tensor runningVar, float momentum, float eps) {
        int n = x.dim(0), c = x.dim(1), hw = x.dim(2) * x.dim(3);
        boolean running = runningMean != null;
        float[] rm = running ? runningMean.data() : new float[c], rv = running ? runningVar.data() : new float[c];
        dispatch.call(Kernel.BATCH_STATS, c).slot(0, x.data()).slot(1, saveMean.data(), saveInvStd.data(), rm, rv)
                .ints(n, hw, running ? 1 : 0).floats(momentum, eps).run();
        batchNormApply(x, saveMean, saveInvStd, gamma, beta, out);
    }

    @Override
    public void invStd(Tensor var, float eps, Tensor invStd) {
        dispatch.call(Kernel.INV_STD, var.size()).slot(0, var.data()).slot(1, invStd.data()).floats(eps).run();
    }

    @Override
    public void batchNormApply(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta, Tensor out) {
        int c = x.dim(1);
        dispatch.call(Kernel.BATCH_APPLY, x.size()).slot(0, x.data())
                .slot(1, mean.data(), invStd.data(), orOnes(gamma, c), orZeros(beta, c)).slot(2, out.data())
                .ints(c, x.dim(2) * x.dim(3)).run();
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gradOut, Tensor mean, Tensor invStd, Tensor gamma, boolean batchStats,
                                  Tensor gradIn, Tensor gradGamma, Tensor gradBeta) {
        int n = x.dim(0), c = x.dim(1), hw = x.dim(2) * x.dim(3);
        float[] sums = new float[4 * c];
        dispatch.call(Kernel.BATCH_BACKWARD_SUMS, c).slot(0, x.data()).slot(1, gradOut.data())
                .slot(2, mean.data(), invStd.data()).slot(3, sums).ints(n, hw).run();
        float[] meanG = new float[c], meanGX = new float[c];
        double count = (double) n * hw;
        for (int j = 0; j < c; j++) {
            double sumGX = pair(sums, j, 2 * c);
            double sumG = pair(sums, c + j, 2 * c);
            if (gradGamma != null) gradGamma.data()[j] = (float) sumGX;
            if (gradBeta != null) gradBeta.data()[j] = (float) sumG;
            meanG[j] = batchStats ? (float) (sumG / count) : 0f;
            meanGX[j] = batchStats ? (float) (sumGX / count) : 0f;
        }
        if (gradIn == null) return;
        dispatch.call(Kernel.BATCH_BACKWARD_INPUT, x.size()).slot(0, x.data()).slot(1, gradOut.data())
                .slot(2, mean.data(), invStd.data(), orOnes(gamma, c), meanG, meanGX).slot(3, gradIn.data())
                .ints(c, hw).run();
    }

    /** A double a kernel returned as a float pair: its high part at i, the rest {@code restOffset} further on. */
    private static double pair(float[] v, int i, int restOffset) {
        return (double) v[i] + v[i + restOffset];
    }

    private static float[] orOnes(Tensor t, int c) {
        if (t != null) return t.data();
        float[] ones = new float[c];
        Arrays.fill(ones, 1f);
        return ones;
    }

    private static float[] orZeros(Tensor t, int c) {
        return t != null ? t.data() : new float[c];
    }

    // ---- pooling ------------------------------------------------------------------------------
    private static int[] geometry(PoolGeometry g) {
        return new int[] {g.h(), g.w(), g.oh(), g.ow(), g.k(), g.stride(), g.pad()};
    }

    @Override
    public void maxPool(Tensor x, Tensor out, PoolGeometry g) {
        dispatch.call(Kernel.MAX_POOL, out.size()).slot(0, x.data()).slot(1, out.data()).ints(geometry(g)).run();
    }

    @Override
    public void maxPoolBackward(Tensor x, Tensor out, Tensor gradOut, Tensor gradIn, PoolGeometry g) {
        dispatch.call(Kernel.MAX_POOL_BACKWARD, gradIn.size()).slot(0, x.data()).slot(1, gradOut.data())
                .slot(2, gradIn.data()).ints(geometry(g)).run();
    }

    @Override
    public void avgPool(Tensor x, Tensor out, PoolGeometry g) {
        dispatch.call(Kernel.AVG_POOL, out.size()).slot(0, x.data()).slot(1, out.data()).ints(geometry(g)).run();
    }

    @Override
    public void avgPoolBackward(Tensor gradOut, Tensor gradIn, PoolGeometry g) {
        dispatch.call(Kernel.AVG_POOL_BACKWARD, gradIn.size()).slot(0, gradOut.data()).slot(2, gradIn.data())
                .ints(geometry(g)).run();
    }

    @Override
    public void globalAvgPool(Tensor x, Tensor out) {
        dispatch.call(Kernel.GLOBAL_AVG, x.dim(0) * x.dim(1)).slot(0, x.data()).slot(1, out.data())
                .ints(x.dim(2) * x.dim(3)).run();
    }

    @Override
    public void globalAvgPoolBackward(Tensor gradOut, Tensor gradIn) {
        dispatch.call(Kernel.GLOBAL_AVG_BACKWARD, gradIn.size()).slot(0, gradOut.data()).slot(1, gradIn.data())
                .ints(gradIn.dim(2) * gradIn.dim(3)).run();
    }

    // ---- softmax and loss -------------------------------------------------------------------
    @Override
    public void softmax(Tensor x, Tensor out, boolean log) {
        int cols = x.dim(-1);
        dispatch.call(Kernel.SOFTMAX, x.size() / cols).slot(0, x.data()).slot(1, out.data()).ints(cols, log ? 1 : 0).run();
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor gradOut, Tensor gradIn, boolean log) {
        int cols = y.dim(-1);
        dispatch.call(Kernel.SOFTMAX_BACKWARD, y.size() / cols).slot(0, y.data()).slot(1, gradOut.data())
                .slot(2, gradIn.data()).ints(cols, log ? 1 : 0).run();
    }

    @Override
    public double crossEntropy(Tensor logits, int[] targets, float smoothing, Tensor gradLogits) {
        int n = logits.dim(0), c = logits.dim(1); // LossOps has checked the targets against c
        float[] rows = new float[2 * n];
        float[] grad = gradLogits == null ? new float[logits.size()] : gradLogits.data();
        dispatch.call(Kernel.CROSS_ENTROPY, n).slot(0, logits.data()).slot(1, grad).slot(2, rows)
                .ints(c, gradLogits == null ? 0 : 1).ints(targets).floats(smoothing).run();
        double total = 0;
        for (int r = 0; r < n; r++) total += pair(rows, r, n);
        return total / n;
    }

    // ---- optimisers ---------------------------------------------------------------------------
    @Override
    public void sgdStep(Tensor p, Tensor g, Tensor buf, float lr, float momentum, float weightDecay, boolean first) {
        dispatch.call(Kernel.SGD, p.size()).slot(0, p.data()).slot(1, g.data()).slot(2, buf.data())
                .ints(first ? 1 : 0).floats(lr, momentum, weightDecay).run();
    }

    @Override
    public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                         float weightDecay, int step) {
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2 = 1 - Math.pow(beta2, step);
        dispatch.call(Kernel.ADAM, p.size()).slot(0, p.data()).slot(1, g.data()).slot(2, m.data()).slot(3, v.data())
                .floats(beta1, beta2, eps, weightDecay, (float) (lr / bc1), (float) Math.sqrt(bc2)).run();
    }

}
