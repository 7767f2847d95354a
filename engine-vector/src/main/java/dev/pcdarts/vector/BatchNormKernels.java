package dev.pcdarts.vector;

/**
 * Batch normalisation per channel of NCHW. Statistics are summed per row in float (vector or
 * scalar) and across rows in double, two-pass for the variance; each channel is one task. The
 * vector rows ({@link BatchNormRows}) give the same bits as the scalar-row forms beside them.
 */
final class BatchNormKernels {
    private BatchNormKernels() {}

    /** Batch mean and biased variance of every channel. */
    static void stats(Rows rows, Parallel par, float[] x, int n, int c, int hw, double[] mean, double[] var) {
        par.forRange(c, Parallel.grain(3L * n * hw), (lo, hi) -> {
            float[] tmp = rows.vector() ? null : new float[hw];
            for (int ch = lo; ch < hi; ch++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += rows.sum(x, (i * c + ch) * hw, hw);
                double m = s / ((double) n * hw);
                float mf = (float) m; // the centre of the squares: see BatchNormRows.centeredSquares
                double q = 0;
                for (int i = 0; i < n; i++) {
                    int off = (i * c + ch) * hw;
                    if (rows.vector()) {
                        q += BatchNormRows.centeredSquares(x, off, hw, mf);
                        continue;
                    }
                    for (int k = 0; k < hw; k++) tmp[k] = x[off + k] - mf;
                    q += rows.dot(tmp, 0, tmp, 0, hw);
                }
                mean[ch] = m;
                var[ch] = q / ((double) n * hw);
            }
        });
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
        par.forRange(c, Parallel.grain(3L * n * hw), (lo, hi) -> {
            float[] xhat = rows.vector() ? null : new float[hw];
            for (int ch = lo; ch < hi; ch++) {
                float m = mean[ch], is = invStd[ch];
                double sumG = 0, sumGX = 0;
                for (int i = 0; i < n; i++) {
                    int off = (i * c + ch) * hw;
                    sumG += rows.sum(g, off, hw);
                    if (rows.vector()) {
                        sumGX += BatchNormRows.dotNormalised(g, x, off, hw, m, is);
                        continue;
                    }
                    for (int k = 0; k < hw; k++) xhat[k] = (x[off + k] - m) * is;
                    sumGX += rows.dot(g, off, xhat, 0, hw);
                }
                if (gGamma != null) gGamma[ch] = (float) sumGX;
                if (gBeta != null) gBeta[ch] = (float) sumG;
                if (gx == null) continue;
                float gm = gamma == null ? 1f : gamma[ch];
                double count = (double) n * hw;
                float a = gm * is;
                float meanG = batchStats ? (float) (sumG / count) : 0f;
                float meanGX = batchStats ? (float) (sumGX / count) : 0f;
                for (int i = 0; i < n; i++) {
                    int off = (i * c + ch) * hw;
                    if (rows.vector()) {
                        BatchNormRows.gradInput(x, g, gx, off, hw, m, is, a, meanG, meanGX);
                        continue;
                    }
                    for (int k = 0; k < hw; k++) {
                        float xh = (x[off + k] - m) * is;
                        gx[off + k] = a * (g[off + k] - meanG - xh * meanGX);
                    }
                }
            }
        });
    }
}
