package dev.pcdarts.vector;

/** Row primitives dispatched to the vector kernels or their scalar twins. */
record Rows(boolean vector) {
    void axpy(float w, float[] src, int s, float[] dst, int d, int n) {
        if (vector) Vec.axpy(w, src, s, dst, d, n); else Scalar.axpy(w, src, s, dst, d, n);
    }

    void add(float[] src, int s, float[] dst, int d, int n) {
        if (vector) Vec.add(src, s, dst, d, n); else Scalar.add(src, s, dst, d, n);
    }

    float dot(float[] a, int x, float[] b, int y, int n) {
        return vector ? Vec.dot(a, x, b, y, n) : Scalar.dot(a, x, b, y, n);
    }

    float sum(float[] a, int x, int n) {
        return vector ? Vec.sum(a, x, n) : Scalar.sum(a, x, n);
    }
}
