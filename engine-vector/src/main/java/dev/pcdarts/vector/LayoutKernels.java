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

    static void permuteChannels(Parallel par, float[] src, float[] dst, int[] perm, int n, int hw) {
        int c = perm.length;
        par.forRange(n, Parallel.grain((long) c * hw), (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                for (int o = 0; o < c; o++) System.arraycopy(src, (i * c + perm[o]) * hw, dst, (i * c + o) * hw, hw);
            }
        });
    }

    /**
     * small[p, y, x] = big[p, off + y·step, off + x·step] over planes p, planes split across
     * threads. FactorizedReduce's shifted input (off 1, step 1: a whole tensor less one row and
     * column) ran here on the calling thread alone, a serial stretch in every two-thread step.
     */
    static void gather(Parallel par, float[] big, int bh, int bw, float[] small, int sh, int sw, int planes, int off, int step) {
        par.forRange(planes, Parallel.grain((long) sh * sw), (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                for (int y = 0; y < sh; y++) {
                    int b = p * bh * bw + (off + y * step) * bw + off;
                    int s = p * sh * sw + y * sw;
                    if (step == 1) System.arraycopy(big, b, small, s, sw);
                    else for (int x = 0; x < sw; x++) small[s + x] = big[b + x * step];
                }
            }
        });
    }

    /** The adjoint of {@link #gather}: big is zero but where gather read it, planes split across threads. */
    static void scatter(Parallel par, float[] small, int sh, int sw, float[] big, int bh, int bw, int planes, int off, int step) {
        par.forRange(planes, Parallel.grain((long) bh * bw), (lo, hi) -> {
            java.util.Arrays.fill(big, lo * bh * bw, hi * bh * bw, 0f);
            for (int p = lo; p < hi; p++) {
                for (int y = 0; y < sh; y++) {
                    int b = p * bh * bw + (off + y * step) * bw + off;
                    int s = p * sh * sw + y * sw;
                    if (step == 1) System.arraycopy(small, s, big, b, sw);
                    else for (int x = 0; x < sw; x++) big[b + x * step] = small[s + x];
                }
            }
        });
    }

    static void globalAvg(Rows rows, Parallel par, float[] x, float[] out, int planes, int hw) {
        par.forRange(planes, Parallel.grain(hw), (lo, hi) -> {
            for (int p = lo; p < hi; p++) out[p] = rows.sum(x, p * hw, hw) / hw;
        });
    }

    static void globalAvgBackward(Parallel par, float[] gout, float[] gin, int planes, int hw) {
        par.forRange(planes, Parallel.grain(hw), (lo, hi) -> {
            for (int p = lo; p < hi; p++) java.util.Arrays.fill(gin, p * hw, (p + 1) * hw, gout[p] / hw);
        });
    }

    /** t[i, c0 : c0 + count] = value for every sample i, samples split across threads. */
    static void fillChannels(Parallel par, float[] t, int c, int c0, int count, int n, int hw, float value) {
        par.forRange(n, Parallel.grain((long) count * hw), (lo, hi) -> {
            for (int i = lo; i < hi; i++) java.util.Arrays.fill(t, (i * c + c0) * hw, (i * c + c0 + count) * hw, value);
        });
    }
}
