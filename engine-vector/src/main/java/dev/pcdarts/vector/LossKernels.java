package dev.pcdarts.vector;

/** Softmax over rows and the mean cross-entropy with label smoothing. */
final class LossKernels {
    private LossKernels() {}

    static void softmax(float[] x, float[] out, int rows, int cols, boolean log) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            float mx = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) mx = Math.max(mx, x[o + j]);
            double sum = 0;
            for (int j = 0; j < cols; j++) sum += Math.exp(x[o + j] - mx);
            if (log) {
                float lse = (float) Math.log(sum);
                for (int j = 0; j < cols; j++) out[o + j] = x[o + j] - mx - lse;
            } else {
                for (int j = 0; j < cols; j++) out[o + j] = (float) (Math.exp(x[o + j] - mx) / sum);
            }
        }
    }

    static void softmaxBackward(float[] y, float[] g, float[] gx, int rows, int cols, boolean log) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double s = 0;
            if (log) {
                for (int j = 0; j < cols; j++) s += g[o + j];
                for (int j = 0; j < cols; j++) gx[o + j] = (float) (g[o + j] - Math.exp(y[o + j]) * s);
            } else {
                for (int j = 0; j < cols; j++) s += (double) g[o + j] * y[o + j];
                for (int j = 0; j < cols; j++) gx[o + j] = (float) (y[o + j] * (g[o + j] - s));
            }
        }
    }

    static double crossEntropy(float[] logits, int n, int c, int[] targets, float eps, float[] grad) {
        double total = 0;
        for (int r = 0; r < n; r++) {
            int o = r * c;
            float mx = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) mx = Math.max(mx, logits[o + j]);
            double sum = 0;
            for (int j = 0; j < c; j++) sum += Math.exp(logits[o + j] - mx);
            double lse = mx + Math.log(sum);
            double sumLogp = 0;
            for (int j = 0; j < c; j++) sumLogp += logits[o + j] - lse;
            double logpT = logits[o + targets[r]] - lse;
            total += -((1 - eps) * logpT + eps / c * sumLogp);
            if (grad != null) {
                for (int j = 0; j < c; j++) {
                    double p = Math.exp(logits[o + j] - lse);
                    double t = (j == targets[r] ? 1 - eps : 0) + eps / c;
                    grad[o + j] = (float) ((p - t) / n);
                }
            }
        }
        return total / n;
    }
}
