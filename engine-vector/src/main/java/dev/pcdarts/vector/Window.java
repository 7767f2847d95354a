package dev.pcdarts.vector;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * A kh×kw window (strides sh, sw; dilations dh, dw) read from a scratch copy of one NCHW plane,
 * so that the window kernels (depthwise convolution, pooling) load whole vectors with no bounds
 * checks: output (y, q) reads tap t at {@code y·rowStep + q + taps[t]}.
 *
 * <p>The scratch holds the plane with a constant border (zeros, or −∞ for max pooling) and its
 * columns split by stride phase: column c of phase φ holds padded column c·sw + φ, so a stride-2
 * window reads contiguous vectors too. The border is written once per scratch ({@link #scratch});
 * {@link #place} then copies each plane's interior only. Gradients that flow back through a
 * strided window read a zero-spread copy instead ({@link #place} with a spread): an output's
 * gradient placed at its window origin, zeros between, makes every transposed pass a stride-1
 * window over that copy.
 *
 * @param ph rows of one phase plane
 * @param pw floats per scratch row: at least the vector-rounded output width plus the window's reach
 * @param phases the column stride sw (1: no split)
 * @param rowStep scratch floats between the first taps of consecutive output rows (sh rows)
 * @param taps per tap (row-major over kh×kw), its offset from the output's first read
 */
record Window(int ph, int pw, int phases, int rowStep, int[] taps) {
    private static final VectorSpecies<Float> F = Vec.F;
    private static final int L = Vec.L;

    static Window of(int oh, int ow, int kh, int kw, int sh, int sw, int dh, int dw) {
        int ph = (oh - 1) * sh + (kh - 1) * dh + 1;
        int pw = roundUp(ow) + (kw - 1) * dw / sw;
        int[] taps = new int[kh * kw];
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) taps[i * kw + j] = (j * dw % sw) * ph * pw + i * dh * pw + j * dw / sw;
        }
        return new Window(ph, pw, sw, sh * pw, taps);
    }

    /** Width rounded up to whole vectors. */
    static int roundUp(int n) {
        return (n + L - 1) / L * L;
    }

    /** A scratch plane holding {@code border} everywhere; {@link #place} fills the interior. */
    float[] scratch(float border) {
        float[] s = new float[phases * ph * pw];
        if (border != 0f) Arrays.fill(s, border);
        return s;
    }

    /** The plane src (h×w at off) with its top-left at padded (top, left): {@link #place(float[], int, int, int, int, int, int, int, float[])} without spread. */
    void place(float[] src, int off, int h, int w, int top, int left, float[] dst) {
        place(src, off, h, w, top, left, 1, 1, dst);
    }

    /**
     * Copies plane src (h×w at off) into dst: element (y, x) goes to padded row top + y·uh,
     * padded column left + x·uw (then split by phase); elements that land outside the scratch are
     * not needed by any output and are left out. Nothing else in dst is written.
     */
    void place(float[] src, int off, int h, int w, int top, int left, int uh, int uw, float[] dst) {
        if (phases == 1 && uw == 1) {
            int x0 = Math.max(0, -left), x1 = Math.min(w, pw - left);
            for (int y = 0; y < h; y++) {
                int r = top + y * uh;
                if (r < 0 || r >= ph || x1 <= x0) continue;
                int s = off + y * w, d = r * pw + left;
                int x = x0;
                for (; x + L <= x1; x += L) FloatVector.fromArray(F, src, s + x).intoArray(dst, d + x);
                if (x < x1) {
                    VectorMask<Float> m = F.indexInRange(x, x1);
                    FloatVector.fromArray(F, src, s + x, m).intoArray(dst, d + x, m);
                }
            }
            return;
        }
        VectorMask<Float> evenLanes = phases == 2 ? VectorMask.fromLong(F, 0x5555_5555_5555_5555L) : null;
        VectorMask<Float> half = F.indexInRange(0, L / 2);
        for (int y = 0; y < h; y++) {
            int r = top + y * uh;
            if (r < 0 || r >= ph) continue;
            int s = off + y * w;
            if (phases == 2 && uw == 1 && left >= 0) { // whole vectors: split even and odd lanes by compress
                int d0 = r * pw, d1 = ph * pw + r * pw;
                int x = 0;
                for (; x + L <= w; x += L) {
                    int pc = left + x, even = (pc + 1) / 2, odd = pc / 2; // first column of each phase this vector fills
                    if (Math.max(even, odd) + L / 2 > pw) break;
                    FloatVector v = FloatVector.fromArray(F, src, s + x);
                    VectorMask<Float> m = (pc & 1) == 0 ? evenLanes : evenLanes.not();
                    v.compress(m).intoArray(dst, d0 + even, half);
                    v.compress(m.not()).intoArray(dst, d1 + odd, half);
                }
                for (int pc = left + x; x < w && pc / 2 < pw; x++, pc++) dst[((pc & 1) == 0 ? d0 : d1) + pc / 2] = src[s + x];
                continue;
            }
            if (phases == 1) { // spread columns
                for (int x = 0, pc = left; x < w && pc < pw; x++, pc += uw) {
                    if (pc >= 0) dst[r * pw + pc] = src[s + x];
                }
                continue;
            }
            for (int phase = 0; phase < phases; phase++) { // padded columns pc ≡ phase (mod phases) go to column pc / phases
                int d = phase * ph * pw + r * pw;
                int x = Math.floorMod(phase - left, phases);
                if (left + x < 0) x += (-(left + x) + phases - 1) / phases * phases;
                for (int c = (left + x) / phases; x < w && c < pw; x += phases, c++) dst[d + c] = src[s + x];
            }
        }
    }
}
