package dev.pcdarts.vector;

/**
 * Batch normalisation per channel of NCHW. Statistics are summed per row in float (vector or
 * scalar), the squares about the row's mean, and across rows in double, in sample order. The vector rows
 * ({@link BatchNormRows}) give the same bits as the scalar-row forms beside them.
 *
 * <p>Every pass is split over rows (sample, channel), as the kernels that write a batch-norm input
 * split their output, so each thread reads what it wrote and the rows stay in its own cache; the
 * per-row sums are then added across samples on the calling thread, in the order a split over
 * channels used. Splitting over channels made every thread read the other's half of the batch:
 * two threads normalised slower than one, over thousands of small calls per search step.
 */
final class BatchNormKernels {
    private BatchNormKernels() {}

    /**
     * Batch mean and biased variance of every channel, in one pass over x: each row's sum, then
     * (while the row is still in L1) its squares and residuals about its own mean m rounded to
     * float; then per channel, in double and in sample order, the mean μ and the rows' squares
     * moved to it: Σ (x − μ)² = Σ (x − m)² + 2·(m − μ)·Σ (x − m) + hw·(m − μ)² (Chan et al.'s
     * pairwise update). Two passes, the squares about the batch mean, read every batch-norm input
     * from memory twice and took two parallel regions.
     */
    static void stats(Rows rows, Parallel par, float[] x, int n, int c, int hw, double[] mean, double[] var) {
        float[] rowSums = Scratch.get(0, n * c), rowSquares = Scratch.get(1, n * c), rowResiduals = Scratch.get(2, n * c);
        par.forRange(n * c, Parallel.grain(2L * hw), (lo, hi) -> {
            float[] tmp = rows.vector() ? null : new float[hw];
            for (int p = lo; p < hi; p++) {
                int off = p * hw;
                float sum = rows.sum(x, off, hw), m = sum / hw;
                rowSums[p] = sum;
                if (rows.vector()) {
                    BatchNormRows.centredMoments(x, off, hw, m, rowSquares, rowResiduals, p);
                    continue;
                }
                for (int k = 0; k < hw; k++) tmp[k] = x[off + k] - m;
                rowSquares[p] = rows.dot(tmp, 0, tmp, 0, hw);
                rowResiduals[p] = rows.sum(tmp, 0, hw);
            }
        });
        double count = (double) n * hw;
        for (int ch = 0; ch < c; ch++) {
            double mu = acrossSamples(rowSums, ch, n, c) / count, squares = 0;
            for (int i = 0; i < n; i++) {
                int p = i * c + ch;
                double d = rowSums[p] / hw - mu; // the row's mean as the kernel rounded it, less μ
                squares += rowSquares[p] + d * (2 * rowResiduals[p] + hw * d);
            }
            mean[ch] = mu;
            var[ch] = Math.max(0, squares / count);
        }
    }

    /** The sum in double, in sample order, of channel ch's per-row values. */
    private static double acrossSamples(float[] perRow, int ch, int n, int c) {
        double s = 0;
        for (int i = 0; i < n; i++) s += perRow[i * c + ch];
        return s;
    }

    /** out = (x − mean)·invStd·γ + β. */
    static void apply(Rows rows, Parallel par, float[] x, float[] mean, float[] invStd, float[] gamma, float[] beta,
                      float[] out, int n, int c, int hw) {
        par.forRange(n * c, Parallel.grain(hw), (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                int ch = p % c;
                float scale = invStd[ch] * (gamma == null ? 1f : gamma[ch]);
                float shift = (beta == null ? 0f : beta[ch]) - mean[ch] * scale;
                int off = p * hw;
                if (rows.vector()) BatchNormRows.affine(x, out, off, hw, scale, shift);
                else for (int k = 0; k < hw; k++) out[off + k] = x[off + k] * scale + shift;
            }
        });
    }

    /** Gradients; with batch statistics the mean and variance depend on x. */
    static void backward(Rows rows, Parallel par, float[] x, float[] g, float[] mean, float[] invStd, float[] gamma,
                         boolean batchStats, float[] gx, float[] gGamma, float[] gBeta, int n, int c, int hw) {
        float[] rowG = Scratch.get(0, n * c), rowGX = Scratch.get(1, n * c);
        par.forRange(n * c, Parallel.grain(2L * hw), (lo, hi) -> {
            float[] xhat = rows.vector() ? null : new float[hw];
            for (int p = lo; p < hi; p++) {
                int off = p * hw, ch = p % c;
                float m = mean[ch], is = invStd[ch];
                rowG[p] = rows.sum(g, off, hw);
                if (rows.vector()) {
                    rowGX[p] = BatchNormRows.dotNormalised(g, x, off, hw, m, is);
                    continue;
                }
                for (int k = 0; k < hw; k++) xhat[k] = (x[off + k] - m) * is;
                rowGX[p] = rows.dot(g, off, xhat, 0, hw);
            }
        });
        double count = (double) n * hw;
        float[] scales = Scratch.get(2, 3 * c); // per channel: a, meanG, meanGX
        for (int ch = 0; ch < c; ch++) {
            double sumG = acrossSamples(rowG, ch, n, c), sumGX = acrossSamples(rowGX, ch, n, c);
            if (gGamma != null) gGamma[ch] = (float) sumGX;
            if (gBeta != null) gBeta[ch] = (float) sumG;
            scales[3 * ch] = (gamma == null ? 1f : gamma[ch]) * invStd[ch];
            scales[3 * ch + 1] = batchStats ? (float) (sumG / count) : 0f;
            scales[3 * ch + 2] = batchStats ? (float) (sumGX / count) : 0f;
        }
        if (gx == null) return;
        par.forRange(n * c, Parallel.grain(hw), (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                int off = p * hw, ch = p % c;
                float m = mean[ch], is = invStd[ch], a = scales[3 * ch], meanG = scales[3 * ch + 1], meanGX = scales[3 * ch + 2];
                if (rows.vector()) {
                    BatchNormRows.gradInput(x, g, gx, off, hw, m, is, a, meanG, meanGX);
                    continue;
                }
                for (int k = 0; k < hw; k++) {
                    float xh = (x[off + k] - m) * is;
                    gx[off + k] = a * (g[off + k] - meanG - xh * meanGX);
                }
            }
        });
    }
}
