package dev.pcdarts.vector;

/** Copies between channel ranges, channel permutations, strided spatial slices, global pooling. */
final class LayoutKernels {
    private LayoutKernels() {}

    /** Per sample, one contiguous run of count·hw floats; samples split across threads. */
    static void copyChannels(Rows rows, Parallel par, float[] src, int srcC, int srcC0, float[] dst, int dstC, int dstC0,
                             int count, int n, int hw, boolean accumulate) {
        int len = count * hw;
        par.forRange(n, Parallel.grain(len), (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int s = (i * srcC + srcC0) * hw, d = (i * dstC + dstC0) * hw;
                if (accumulate) rows.add(src, s, dst, d, len);
                else System.arraycopy(src, s, dst, d, len);
            }
        });
    }

    /** dst[i, to[j]] = src[i, from[j]] for every sample i and j, samples split across threads. */
    static void gatherChannels(Parallel par, float[] src, int srcC, int[] from, float[] dst, int dstC, int[] to, int n, int hw) {
        par.forRange(n, Parallel.grain((long) from.length * hw), (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                for (int j = 0; j < from.length; j++) System.arraycopy(src, (i * srcC + from[j]) * hw, dst, (i * dstC + to[j]) * hw, hw);
            }
        });
    }

    static void permuteChannels(float[] src, float[] dst, int[] perm, int n, int hw) {
        int c = perm.length;
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < c; o++) System.arraycopy(src, (i * c + perm[o]) * hw, dst, (i * c + o) * hw, hw);
        }
    }

    /** small[p, y, x] = big[p, off + y·step, off + x·step] over planes p. */
    static void gather(float[] big, int bh, int bw, float[] small, int sh, int sw, int planes, int off, int step) {
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < sh; y++) {
                int b = p * bh * bw + (off + y * step) * bw + off;
                int s = p * sh * sw + y * sw;
                for (int x = 0; x < sw; x++) small[s + x] = big[b + x * step];
            }
        }
    }

    static void scatter(float[] small, int sh, int sw, float[] big, int bh, int bw, int planes, int off, int step) {
        java.util.Arrays.fill(big, 0f);
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < sh; y++) {
                int b = p * bh * bw + (off + y * step) * bw + off;
                int s = p * sh * sw + y * sw;
                for (int x = 0; x < sw; x++) big[b + x * step] = small[s + x];
            }
        }
    }

    static void globalAvg(Rows rows, Parallel par, float[] x, float[] out, int planes, int hw) {
        par.forRange(planes, Parallel.grain(hw), (lo, hi) -> {
            for (int p = lo; p < hi; p++) out[p] = rows.sum(x, p * hw, hw) / hw;
        });
    }

    static void globalAvgBackward(float[] gout, float[] gin, int planes, int hw) {
        for (int p = 0; p < planes; p++) java.util.Arrays.fill(gin, p * hw, (p + 1) * hw, gout[p] / hw);
    }
}
