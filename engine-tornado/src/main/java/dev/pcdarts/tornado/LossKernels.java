package dev.pcdarts.tornado;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/** Row softmax and cross-entropy, one work-item per row, sums in double (as the CPU kernels). */
final class LossKernels {
    private LossKernels() {}

    /** b = softmax or log-softmax of each row of a; ip = {rows, cols, log}. */
    static void softmax(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int r = k.globalIdx;
        if (r < ip.get(0)) {
            int cols = ip.get(1);
            int o = r * cols;
            float mx = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) mx = TornadoMath.max(mx, a.get(o + j));
            double sum = 0;
            for (int j = 0; j < cols; j++) sum += TornadoMath.exp((double) (a.get(o + j) - mx));
            if (ip.get(2) != 0) {
                float lse = (float) TornadoMath.log(sum);
                for (int j = 0; j < cols; j++) b.set(o + j, a.get(o + j) - mx - lse);
            } else {
                for (int j = 0; j < cols; j++) b.set(o + j, (float) (TornadoMath.exp((double) (a.get(o + j) - mx)) / sum));
            }
        }
    }

    /** c = gradient through softmax (a = its output, b = upstream gradient); ip = {rows, cols, log}. */
    static void softmaxBackward(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int r = k.globalIdx;
        if (r < ip.get(0)) {
            int cols = ip.get(1);
            int o = r * cols;
            double s = 0;
            if (ip.get(2) != 0) {
                for (int j = 0; j < cols; j++) s += b.get(o + j);
                for (int j = 0; j < cols; j++) c.set(o + j, (float) (b.get(o + j) - TornadoMath.exp((double) a.get(o + j)) * s));
            } else {
                for (int j = 0; j < cols; j++) s += (double) b.get(o + j) * a.get(o + j);
                for (int j = 0; j < cols; j++) c.set(o + j, (float) (a.get(o + j) * (b.get(o + j) - s)));
            }
        }
    }

    /**
     * Row r's smoothed cross-entropy of a (logits) as a float pair c[r], c[rows + r], and
     * d(mean loss)/d(logits) into b; ip = {rows, cols, writeGrad, targets...}, fp = {smoothing}.
     */
    static void crossEntropy(KernelContext k, FloatArray a, FloatArray b, FloatArray c, FloatArray d, IntArray ip, FloatArray fp) {
        int r = k.globalIdx;
        int rows = ip.get(0);
        if (r < rows) {
            int cols = ip.get(1);
            int target = ip.get(3 + r);
            float eps = fp.get(0);
            int o = r * cols;
            float mx = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) mx = TornadoMath.max(mx, a.get(o + j));
            double sum = 0;
            for (int j = 0; j < cols; j++) sum += TornadoMath.exp((double) (a.get(o + j) - mx));
            double lse = mx + TornadoMath.log(sum);
            double sumLogp = 0;
            for (int j = 0; j < cols; j++) sumLogp += a.get(o + j) - lse;
            double logpT = a.get(o + target) - lse;
            double loss = -((1 - eps) * logpT + eps / cols * sumLogp);
            float high = (float) loss;
            c.set(r, high);
            c.set(rows + r, (float) (loss - high));
            if (ip.get(2) != 0) {
                for (int j = 0; j < cols; j++) {
                    double p = TornadoMath.exp(a.get(o + j) - lse);
                    double t = (j == target ? 1 - eps : 0) + eps / cols;
                    b.set(o + j, (float) ((p - t) / rows));
                }
            }
        }
    }
}
