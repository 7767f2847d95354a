package dev.pcdarts.vector;

/** The scalar twins of {@link Vec}'s row primitives, in plain loops. */
final class Scalar {
    private Scalar() {}

    static void axpy(float w, float[] src, int s, float[] dst, int d, int n) {
        for (int i = 0; i < n; i++) dst[d + i] += w * src[s + i];
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
