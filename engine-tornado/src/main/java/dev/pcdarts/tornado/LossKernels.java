package dev.pcdarts.tornado;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/** Row softmax and cross-entropy, one work-item per row, sums in double (as the CPU kernels). */
final class LossKernels {
    /** ip[0..7] are the operands' offsets into mem; the launch's own integers start at ip[P]. */
    private static final int P = Dispatcher.OFFSETS;

    private LossKernels() {}

    /** b = softmax or log-softmax of each row of a; ip = {rows, cols, log}. */
    static void softmax(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1);
        int r = k.globalIdx;
        if (r < ip.get(P)) {
            int cols = ip.get(P + 1);
            int o = r * cols;
            float mx = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) mx = TornadoMath.max(mx, mem.get(o0 + o + j));
            double sum = 0;
            for (int j = 0; j < cols; j++) sum += TornadoMath.exp((double) (mem.get(o0 + o + j) - mx));
            if (ip.get(P + 2) != 0) {
                float lse = (float) TornadoMath.log(sum);
                for (int j = 0; j < cols; j++) mem.set(o1 + o + j, mem.get(o0 + o + j) - mx - lse);
            } else {
                for (int j = 0; j < cols; j++) mem.set(o1 + o + j, (float) (TornadoMath.exp((double) (mem.get(o0 + o + j) - mx)) / sum));
            }
        }
    }

    /** c = gradient through softmax (a = its output, b = upstream gradient); ip = {rows, cols, log}. */
    static void softmaxBackward(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2);
        int r = k.globalIdx;
        if (r < ip.get(P)) {
            int cols = ip.get(P + 1);
            int o = r * cols;
            double s = 0;
            if (ip.get(P + 2) != 0) {
                for (int j = 0; j < cols; j++) s += mem.get(o1 + o + j);
                for (int j = 0; j < cols; j++) mem.set(o2 + o + j, (float) (mem.get(o1 + o + j) - TornadoMath.exp((double) mem.get(o0 + o + j)) * s));
            } else {
                for (int j = 0; j < cols; j++) s += (double) mem.get(o1 + o + j) * mem.get(o0 + o + j);
                for (int j = 0; j < cols; j++) mem.set(o2 + o + j, (float) (mem.get(o0 + o + j) * (mem.get(o1 + o + j) - s)));
            }
        }
    }

    /** b = softmax of each consecutive segment of a, one work-item per segment; ip = {segments, lengths...}. */
    static void segmentSoftmax(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1);
        int s = k.globalIdx;
        if (s < ip.get(P)) {
            int at = 0;
            for (int q = 0; q < s; q++) at += ip.get(P + 1 + q);
            int end = at + ip.get(P + 1 + s);
            float mx = Float.NEGATIVE_INFINITY;
            for (int j = at; j < end; j++) mx = TornadoMath.max(mx, mem.get(o0 + j));
            double sum = 0;
            for (int j = at; j < end; j++) sum += TornadoMath.exp((double) (mem.get(o0 + j) - mx));
            for (int j = at; j < end; j++) mem.set(o1 + j, (float) (TornadoMath.exp((double) (mem.get(o0 + j) - mx)) / sum));
        }
    }

    /** c = the gradient through {@link #segmentSoftmax} (a = its output, b = upstream gradient); ip as there. */
    static void segmentSoftmaxBackward(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2);
        int s = k.globalIdx;
        if (s < ip.get(P)) {
            int at = 0;
            for (int q = 0; q < s; q++) at += ip.get(P + 1 + q);
            int end = at + ip.get(P + 1 + s);
            double dot = 0;
            for (int j = at; j < end; j++) dot += (double) mem.get(o1 + j) * mem.get(o0 + j);
            for (int j = at; j < end; j++) mem.set(o2 + j, (float) (mem.get(o0 + j) * (mem.get(o1 + j) - dot)));
        }
    }

    /**
     * Row r's smoothed cross-entropy of a (logits) as a float pair c[r], c[rows + r], and
     * d(mean loss)/d(logits) into b; ip = {rows, cols, writeGrad, targets...}, fp = {smoothing}.
     */
    static void crossEntropy(KernelContext k, FloatArray mem, IntArray ip, FloatArray fp) {
        int o0 = ip.get(0), o1 = ip.get(1), o2 = ip.get(2);
        int r = k.globalIdx;
        int rows = ip.get(P);
        if (r < rows) {
            int cols = ip.get(P + 1);
            int target = ip.get(P + 3 + r);
            float eps = fp.get(0);
            int o = r * cols;
            float mx = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) mx = TornadoMath.max(mx, mem.get(o0 + o + j));
            double sum = 0;
            for (int j = 0; j < cols; j++) sum += TornadoMath.exp((double) (mem.get(o0 + o + j) - mx));
            double lse = mx + TornadoMath.log(sum);
            double sumLogp = 0;
            for (int j = 0; j < cols; j++) sumLogp += mem.get(o0 + o + j) - lse;
            double logpT = mem.get(o0 + o + target) - lse;
            double loss = -((1 - eps) * logpT + eps / cols * sumLogp);
            float high = (float) loss;
            mem.set(o2 + r, high);
            mem.set(o2 + rows + r, (float) (loss - high));
            if (ip.get(P + 2) != 0) {
                for (int j = 0; j < cols; j++) {
                    double p = TornadoMath.exp(mem.get(o0 + o + j) - lse);
                    double t = (j == target ? 1 - eps : 0) + eps / cols;
                    mem.set(o1 + o + j, (float) ((p - t) / rows));
                }
            }
        }
    }
}
