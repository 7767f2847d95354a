package dev.pcdarts.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The rows of {@link BatchNormKernels} in the Vector API, each giving the same bits as the
 * scalar-row form it replaces (same roundings, same accumulation order as {@link Vec#dot} and
 * {@link Vec#sum}) but in one pass with no temporary row.
 */
final class BatchNormRows {
    private static final VectorSpecies<Float> F = Vec.F;
    private static final int L = Vec.L;

    private BatchNormRows() {}

    /**
     * Of the row t[k] = x[off + k] − m: Vec.dot(t, t) into squares[p] and Vec.sum(t) into
     * residuals[p], in one pass. The mean is rounded to float first: the centring in double it
     * replaces needed each half vector widened and narrowed, and the JIT sometimes compiled that
     * loop with every vector boxed, which turned each row into heap allocation.
     */
    static void centredMoments(float[] x, int off, int hw, float m, float[] squares, float[] residuals, int p) {
        int k = 0;
        FloatVector acc = FloatVector.zero(F), res = acc;
        FloatVector mv = FloatVector.broadcast(F, m);
        for (int bound = F.loopBound(hw); k < bound; k += L) {
            FloatVector t = FloatVector.fromArray(F, x, off + k).sub(mv);
            acc = t.fma(t, acc);
            res = res.add(t);
        }
        float s = Vec.sumLanes(acc), r = Vec.sumLanes(res);
        for (; k < hw; k++) {
            float t = x[off + k] - m;
            s = Math.fma(t, t, s);
            r += t;
        }
        squares[p] = s;
        residuals[p] = r;
    }

    /** out[off..+hw) = x·scale + shift (a product, then a sum: two roundings). */
    static void affine(float[] x, float[] out, int off, int hw, float scale, float shift) {
        int k = 0;
        FloatVector sv = FloatVector.broadcast(F, scale), bv = FloatVector.broadcast(F, shift);
        for (int bound = F.loopBound(hw); k < bound; k += L) {
            FloatVector.fromArray(F, x, off + k).mul(sv).add(bv).intoArray(out, off + k);
        }
        for (; k < hw; k++) out[off + k] = x[off + k] * scale + shift;
    }

    /** Vec.dot(g, xhat) with xhat[k] = (x[off + k] − m)·is. */
    static float dotNormalised(float[] g, float[] x, int off, int hw, float m, float is) {
        int k = 0;
        FloatVector acc = FloatVector.zero(F);
        FloatVector mv = FloatVector.broadcast(F, m), iv = FloatVector.broadcast(F, is);
        for (int bound = F.loopBound(hw); k < bound; k += L) {
            FloatVector xh = FloatVector.fromArray(F, x, off + k).sub(mv).mul(iv);
            acc = FloatVector.fromArray(F, g, off + k).fma(xh, acc);
        }
        float s = Vec.sumLanes(acc);
        for (; k < hw; k++) s = Math.fma(g[off + k], (x[off + k] - m) * is, s);
        return s;
    }

    /** gx = a·(g − meanG − xhat·meanGX), xhat = (x − m)·is. */
    static void gradInput(float[] x, float[] g, float[] gx, int off, int hw, float m, float is, float a, float meanG, float meanGX) {
        int k = 0;
        FloatVector mv = FloatVector.broadcast(F, m), iv = FloatVector.broadcast(F, is), av = FloatVector.broadcast(F, a);
        FloatVector mg = FloatVector.broadcast(F, meanG), mgx = FloatVector.broadcast(F, meanGX);
        for (int bound = F.loopBound(hw); k < bound; k += L) {
            FloatVector xh = FloatVector.fromArray(F, x, off + k).sub(mv).mul(iv);
            av.mul(FloatVector.fromArray(F, g, off + k).sub(mg).sub(xh.mul(mgx))).intoArray(gx, off + k);
        }
        for (; k < hw; k++) {
            float xh = (x[off + k] - m) * is;
            gx[off + k] = a * (g[off + k] - meanG - xh * meanGX);
        }
    }
}
