package dev.pcdarts.vector;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
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

    /** This thread's scratch plane in {@code slot} ({@link Scratch}), {@code border} everywhere; {@link #place} fills the interior. */
    float[] scratch(int slot, float border) {
        float[] s = Scratch.get(slot, phases * ph * pw);
        Arrays.fill(s, 0, phases * ph * pw, border);
        return s;
    }

    /** The plane src (h×w at off) with its top-left at padded (top, left), unspread and as is. */
    void place(float[] src, int off, int h, int w, int top, int left, float[] dst) {
        place(src, off, h, w, top, left, 1, 1, false, dst);
    }

    private static float relu(float v) {
        return v > 0f ? v : 0f;
    }

    /** The first half of a vector's lanes. */
    private static final VectorMask<Float> HALF = F.indexInRange(0, L / 2);

    /**
     * Copies plane src (h×w at off) into dst: element (y, x) goes to padded row top + y·uh,
     * padded column left + x·uw (then split by phase); elements that land outside the scratch are
     * not needed by any output and are left out. Nothing else in dst is written. With {@code relu}
     * the copy holds relu(src) (v where v > 0, else 0, as {@link Vec#relu}): a convolution of
     * relu(x) reads x without a ReLU pass of its own.
     *
     * <p>No vector here is chosen by a condition or passed to a method: the JIT may box such a
     * vector, which turns every use into an allocation.
     */
    void place(float[] src, int off, int h, int w, int top, int left, int uh, int uw, boolean relu, float[] dst) {
        FloatVector zero = FloatVector.zero(F);
        for (int y = 0; y < h; y++) {
            int r = top + y * uh;
            if (r < 0 || r >= ph) continue;
            int s = off + y * w;
            if (phases == 1 && uw == 1) { // a plain row copy
                int x = Math.max(0, -left), x1 = Math.min(w, pw - left), d = r * pw + left;
                if (relu) {
                    for (; x + L <= x1; x += L) {
                        FloatVector v = FloatVector.fromArray(F, src, s + x);
                        zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(dst, d + x);
                    }
                } else {
                    for (; x + L <= x1; x += L) FloatVector.fromArray(F, src, s + x).intoArray(dst, d + x);
                }
                if (x < x1) { // the rest of the row (all of an 8-wide one) as one masked vector: element by element took 400 ns per 8×8 plane
                    VectorMask<Float> m = F.indexInRange(x, x1);
                    if (relu) {
                        FloatVector v = FloatVector.fromArray(F, src, s + x, m);
                        zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(dst, d + x, m);
                    } else {
                        FloatVector.fromArray(F, src, s + x, m).intoArray(dst, d + x, m);
                    }
                }
                continue;
            }
            if (phases == 2 && uw == 1 && left >= 0) { // columns split into even and odd by compress, whole vectors
                int d0 = r * pw, d1 = ph * pw + r * pw;
                int x = 0;
                for (; x + L <= w; x += L) {
                    int pc = left + x, even = (pc + 1) / 2, odd = pc / 2; // first column of each phase this vector fills
                    if (Math.max(even, odd) + L / 2 > pw) break;
                    long toEven = (pc & 1) == 0 ? 0x5555_5555_5555_5555L : 0xAAAA_AAAA_AAAA_AAAAL;
                    VectorMask<Float> e = VectorMask.fromLong(F, toEven), o = VectorMask.fromLong(F, ~toEven);
                    if (relu) {
                        FloatVector v = FloatVector.fromArray(F, src, s + x);
                        v = zero.blend(v, v.compare(VectorOperators.GT, 0f));
                        v.compress(e).intoArray(dst, d0 + even, HALF);
                        v.compress(o).intoArray(dst, d1 + odd, HALF);
                    } else {
                        FloatVector v = FloatVector.fromArray(F, src, s + x);
                        v.compress(e).intoArray(dst, d0 + even, HALF);
                        v.compress(o).intoArray(dst, d1 + odd, HALF);
                    }
                }
                for (int pc = left + x; x < w && pc / 2 < pw; x++, pc++) {
                    dst[((pc & 1) == 0 ? d0 : d1) + pc / 2] = relu ? relu(src[s + x]) : src[s + x];
                }
                continue;
            }
            if (phases == 1) { // spread columns
                for (int x = 0, pc = left; x < w && pc < pw; x++, pc += uw) {
                    if (pc >= 0) dst[r * pw + pc] = relu ? relu(src[s + x]) : src[s + x];
                }
                continue;
            }
            for (int phase = 0; phase < phases; phase++) { // padded columns pc ≡ phase (mod phases) go to column pc / phases
                int d = phase * ph * pw + r * pw;
                int x = Math.floorMod(phase - left, phases);
                if (left + x < 0) x += (-(left + x) + phases - 1) / phases * phases;
                for (int c = (left + x) / phases; x < w && c < pw; x += phases, c++) dst[d + c] = relu ? relu(src[s + x]) : src[s + x];
            }
        }
    }

    /** Stores v at out[d..): all lanes, or the first n through a mask. */
    static void store(FloatVector v, float[] out, int d, boolean whole, int n) {
        if (whole) v.intoArray(out, d);
        else v.intoArray(out, d, F.indexInRange(0, n));
    }
}
