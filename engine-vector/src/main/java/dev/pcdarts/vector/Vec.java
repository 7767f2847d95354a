package dev.pcdarts.vector;

import dev.pcdarts.engine.backend.BackendOptions;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species, chosen once when this class loads from {@code pcdarts.vectorBits}
 * ({@link BackendOptions#vectorBitsProperty()}; default, and for {@code 0}: the preferred shape
 * of this CPU), plus the row primitives the kernels share: each has a vector body, one
 * fixed-order lane sum at most, and a scalar tail. The species is a {@code static final}
 * constant because C2 compiles Vector API code to vector instructions only for a species it
 * knows at compile time; so {@link BackendOptions#vectorBits()} cannot change the width, only
 * choose these kernels (non-zero) or the scalar twins (0).
 */
final class Vec {
    static final VectorSpecies<Float> F = choose(BackendOptions.vectorBitsProperty());
    static final int L = F.length();

    private Vec() {}

    private static VectorSpecies<Float> choose(int bits) {
        return switch (bits) {
            case 64 -> FloatVector.SPECIES_64;
            case 128 -> FloatVector.SPECIES_128;
            case 256 -> FloatVector.SPECIES_256;
            case 512 -> FloatVector.SPECIES_512;
            case -1, 0 -> FloatVector.SPECIES_PREFERRED;
            default -> throw new IllegalArgumentException("pcdarts.vectorBits must be 0 (scalar), 64, 128, 256 or 512, got " + bits);
        };
    }

    /** Rotations by L/2, L/4, ..., 1 lanes: the fixed pairing of {@link #sumLanes}. */
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Float>[] HALVES = halves();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] halves() {
        int levels = Integer.numberOfTrailingZeros(L);
        VectorShuffle<Float>[] h = new VectorShuffle[levels];
        for (int k = 0, s = L / 2; s >= 1; k++, s /= 2) {
            int shift = s;
            h[k] = VectorShuffle.fromOp(F, i -> (i + shift) % L);
        }
        return h;
    }

    /**
     * The sum of v's lanes by a fixed pairwise tree. {@code reduceLanes(ADD)} leaves the order to
     * the implementation, and the interpreter and the JIT intrinsic do differ, which would make
     * results depend on when a method got compiled (and so on the thread count).
     */
    static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> h : HALVES) v = v.add(v.rearrange(h));
        return v.lane(0);
    }

    /**
     * {@link #sumLanes(FloatVector)} of the L floats at a[off..off+L), by the same pairing, in
     * place (it leaves partial sums there): for lane sums kept in a scratch array, where passing a
     * vector to a method the JIT does not inline would box it and run the lanes in Java.
     */
    static float sumLanes(float[] a, int off) {
        for (int s = L / 2; s >= 1; s /= 2) {
            for (int i = 0; i < s; i++) a[off + i] += a[off + i + s];
        }
        return a[off];
    }

    /** dst[d..d+n) += w · src[s..s+n). */
    static void axpy(float w, float[] src, int s, float[] dst, int d, int n) {
        int i = 0;
        FloatVector wv = FloatVector.broadcast(F, w);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, src, s + i).fma(wv, FloatVector.fromArray(F, dst, d + i)).intoArray(dst, d + i);
        }
        for (; i < n; i++) dst[d + i] = Math.fma(w, src[s + i], dst[d + i]);
    }

    /**
     * o[lo, hi) = w[0]·x[0] + w[1]·x[1] + ..., left to right: a product, then a fused
     * multiply-add per further term (the bits of {@link #axpy} into a scaled first term).
     */
    static void weightedSum(float[][] x, float[] w, float[] o, int lo, int hi) {
        int terms = x.length, i = lo;
        float[] x0 = x[0];
        FloatVector w0 = FloatVector.broadcast(F, w[0]);
        for (int bound = lo + F.loopBound(hi - lo); i < bound; i += L) {
            FloatVector acc = FloatVector.fromArray(F, x0, i).mul(w0);
            for (int k = 1; k < terms; k++) acc = FloatVector.fromArray(F, x[k], i).fma(FloatVector.broadcast(F, w[k]), acc);
            acc.intoArray(o, i);
        }
        for (; i < hi; i++) {
            float a = x0[i] * w[0];
            for (int k = 1; k < terms; k++) a = Math.fma(w[k], x[k][i], a);
            o[i] = a;
        }
    }

    /** dst[d..d+n) += src[s..s+n). */
    static void add(float[] src, int s, float[] dst, int d, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, src, s + i).add(FloatVector.fromArray(F, dst, d + i)).intoArray(dst, d + i);
        }
        for (; i < n; i++) dst[d + i] += src[s + i];
    }

    /** Σ a[x..x+n)·b[y..y+n). */
    static float dot(float[] a, int x, float[] b, int y, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(F);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            acc = FloatVector.fromArray(F, a, x + i).fma(FloatVector.fromArray(F, b, y + i), acc);
        }
        float s = sumLanes(acc);
        for (; i < n; i++) s = Math.fma(a[x + i], b[y + i], s);
        return s;
    }

    /** Σ a[x..x+n). */
    static float sum(float[] a, int x, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(F);
        for (int bound = F.loopBound(n); i < bound; i += L) acc = acc.add(FloatVector.fromArray(F, a, x + i));
        float s = sumLanes(acc);
        for (; i < n; i++) s += a[x + i];
        return s;
    }

    /** o[lo..hi) = a where a > 0, else 0 (NaN gives 0, as in the scalar twin). */
    static void relu(float[] a, float[] o, int lo, int hi) {
        relu(a, o, lo, hi, lo);
    }

    /** o[to + i − lo] = relu(a[i]) for i in [lo, hi). */
    static void relu(float[] a, float[] o, int lo, int hi, int to) {
        int i = lo, shift = to - lo;
        FloatVector zero = FloatVector.zero(F);
        for (int bound = lo + F.loopBound(hi - lo); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, a, i);
            zero.blend(v, v.compare(jdk.incubator.vector.VectorOperators.GT, 0f)).intoArray(o, i + shift);
        }
        for (; i < hi; i++) o[i + shift] = a[i] > 0f ? a[i] : 0f;
    }

    /** o[lo..hi) = g where y > 0, else 0. */
    static void reluMask(float[] y, float[] g, float[] o, int lo, int hi) {
        int i = lo;
        FloatVector zero = FloatVector.zero(F);
        for (int bound = lo + F.loopBound(hi - lo); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, y, i);
            zero.blend(FloatVector.fromArray(F, g, i), v.compare(jdk.incubator.vector.VectorOperators.GT, 0f)).intoArray(o, i);
        }
        for (; i < hi; i++) o[i] = y[i] > 0f ? g[i] : 0f;
    }
}
