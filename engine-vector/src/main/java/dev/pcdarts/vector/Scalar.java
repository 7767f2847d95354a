package dev.pcdarts.vector;

/** The scalar twins of {@link Vec}'s row primitives, in plain loops. */
final class Scalar {
    private Scalar() {}

    static void axpy(float w, float[] src, int s, float[] dst, int d, int n) {
        for (int i = 0; i < n; i++) dst[d + i] += w * src[s + i];
    }

    /** o[lo, hi) = w[0]·x[0] + w[1]·x[1] + ..., left to right (the bits of {@link #axpy} into a scaled first term). */
    static void weightedSum(float[][] x, float[] w, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            float a = x[0][i] * w[0];
            for (int k = 1; k < x.length; k++) a += w[k] * x[k][i];
            o[i] = a;
        }
    }

    static void max(float[] src, int s, float[] dst, int d, int n) {
        for (int i = 0; i < n; i++) dst[d + i] = Math.max(src[s + i], dst[d + i]);
    }

    static void add(float[] src, int s, float[] dst, int d, int n) {
        for (int i = 0; i < n; i++) dst[d + i] += src[s + i];
    }

    static float dot(float[] a, int x, float[] b, int y, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) s += a[x + i] * b[y + i];
        return s;
    }

    static float sum(float[] a, int x, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) s += a[x + i];
        return s;
    }
}
