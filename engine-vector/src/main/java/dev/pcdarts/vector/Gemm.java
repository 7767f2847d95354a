package dev.pcdarts.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix products over row-major arrays. Every element of C is computed by
 * one task with k in increasing order, so the tiling and thread count never change the bits.
 */
final class Gemm {
    private static final VectorSpecies<Float> F = Vec.F;
    private static final int L = Vec.L;
    /** Columns per task: a multiple of 2·L for every species. */
    private static final int PANEL = 256;
    private static final int ROWS = 4;
    /**
     * Whether 4×4 blocks (sixteen accumulators) fit: with 512-bit vectors there are 32 vector
     * registers; with narrower ones (AVX2) 16, where such a block spills and 4×3 (products) or
     * 4×2 ({@link #ntSamples}) blocks keep every accumulator and operand in a register.
     */
    private static final boolean WIDE_BLOCKS = L >= 16;

    private Gemm() {}

    /**
     * C[M×N] (+)= A·B with a(i,k) = a[aOff + i·aRow + k·aCol] (so NN and TN share this code) and
     * b(k,j) = b[bOff + k·ldb + j].
     */
    static void nn(boolean vector, Parallel par, int m, int n, int k,
                   float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb,
                   float[] c, int cOff, int ldc, boolean accumulate) {
        int rowTiles = (m + ROWS - 1) / ROWS;
        int panels = (n + PANEL - 1) / PANEL;
        int tiles = rowTiles * panels, grain = Parallel.grain((long) ROWS * Math.min(n, PANEL) * k);
        if (!par.splits(tiles, grain)) {
            nnTiles(0, tiles, panels, vector, m, n, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        par.forRange(tiles, grain, (lo, hi) -> nnTiles(lo, hi, panels, vector, m, n, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc, accumulate));
    }

    /** Tiles [lo, hi) of C, ROWS rows by PANEL columns each, row-tile-major. */
    private static void nnTiles(int lo, int hi, int panels, boolean vector, int m, int n, int k,
                                float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc, boolean accumulate) {
        for (int t = lo; t < hi; t++) {
            int i0 = (t / panels) * ROWS;
            int i1 = Math.min(m, i0 + ROWS);
            int j0 = (t % panels) * PANEL;
            int j1 = Math.min(n, j0 + PANEL);
            if (vector) {
                nnTileVector(i0, i1, j0, j1, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc, accumulate);
            } else {
                nnTileScalar(i0, i1, j0, j1, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc, accumulate);
            }
        }
    }

    private static void nnTileScalar(int i0, int i1, int j0, int j1, int k, float[] a, int aOff, int aRow, int aCol,
                                     float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean acc) {
        for (int i = i0; i < i1; i++) {
            for (int j = j0; j < j1; j++) {
                float s = acc ? c[cOff + i * ldc + j] : 0f;
                for (int p = 0; p < k; p++) s += a[aOff + i * aRow + p * aCol] * b[bOff + p * ldb + j];
                c[cOff + i * ldc + j] = s;
            }
        }
    }

    private static void nnTileVector(int i0, int i1, int j0, int j1, int k, float[] a, int aOff, int aRow, int aCol,
                                     float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean acc) {
        if (i1 - i0 == ROWS) {
            int j = j0, a0 = aOff + i0 * aRow, r0 = cOff + i0 * ldc;
            if (WIDE_BLOCKS) {
                for (; j + 4 * L <= j1; j += 4 * L) block4x4(j, k, a, a0, aRow, aCol, b, bOff, ldb, c, r0, ldc, acc);
            } else {
                for (; j + 3 * L <= j1; j += 3 * L) block4x3(j, k, a, a0, aRow, aCol, b, bOff, ldb, c, r0, ldc, acc);
            }
            for (; j + 2 * L <= j1; j += 2 * L) block4x2(j, k, a, a0, aRow, aCol, b, bOff, ldb, c, r0, ldc, acc);
            for (; j < j1; j += L) block4x1(j, inRange(j, j1), k, a, a0, aRow, aCol, b, bOff, ldb, c, r0, ldc, acc);
            return;
        }
        // the rows of an incomplete tile, one at a time; the last vector of a row masked
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * ldc, ai = aOff + i * aRow;
            for (int j = j0; j < j1; j += L) {
                VectorMask<Float> in = inRange(j, j1);
                FloatVector s = acc ? FloatVector.fromArray(F, c, ci + j, in) : FloatVector.zero(F);
                for (int p = 0; p < k; p++) {
                    s = FloatVector.broadcast(F, a[ai + p * aCol]).fma(FloatVector.fromArray(F, b, bOff + p * ldb + j, in), s);
                }
                s.intoArray(c, ci + j, in);
            }
        }
    }

    private static final VectorMask<Float> ALL = F.maskAll(true);

    /**
     * The lanes of [j, j + L) below end: the shared all-true mask for a full vector, where
     * {@code indexInRange} made a new one (with its boolean[]) every time, garbage on every vector.
     */
    private static VectorMask<Float> inRange(int j, int end) {
        return j + L <= end ? ALL : F.indexInRange(j, end);
    }

    /**
     * Four rows of C × the columns of {@code in} from j: a panel's last vector, masked where the
     * matrix ends (72 columns are 4 vectors and 8 lanes: a scalar tail for those 8 lanes ran
     * several times slower than one masked vector).
     */
    private static void block4x1(int j, VectorMask<Float> in, int k, float[] a, int a0, int aRow, int aCol, float[] b, int bOff,
                                 int ldb, float[] c, int r0, int ldc, boolean acc) {
        int r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        int a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        FloatVector c0, c1, c2, c3;
        if (acc) {
            c0 = FloatVector.fromArray(F, c, r0 + j, in); c1 = FloatVector.fromArray(F, c, r1 + j, in);
            c2 = FloatVector.fromArray(F, c, r2 + j, in); c3 = FloatVector.fromArray(F, c, r3 + j, in);
        } else {
            c0 = c1 = c2 = c3 = FloatVector.zero(F);
        }
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(F, b, bOff + p * ldb + j, in);
            int ap = p * aCol;
            c0 = FloatVector.broadcast(F, a[a0 + ap]).fma(bv, c0);
            c1 = FloatVector.broadcast(F, a[a1 + ap]).fma(bv, c1);
            c2 = FloatVector.broadcast(F, a[a2 + ap]).fma(bv, c2);
            c3 = FloatVector.broadcast(F, a[a3 + ap]).fma(bv, c3);
        }
        c0.intoArray(c, r0 + j, in); c1.intoArray(c, r1 + j, in); c2.intoArray(c, r2 + j, in); c3.intoArray(c, r3 + j, in);
    }

    /**
     * Four rows of C (A's first at a0, C's at r0) × columns j..j+4L: sixteen accumulators, four
     * loads of B and four broadcasts of A per k for sixteen multiply-adds, where the 4×2 block
     * takes six loads for eight.
     */
    private static void block4x4(int j, int k, float[] a, int a0, int aRow, int aCol, float[] b, int bOff, int ldb,
                                 float[] c, int r0, int ldc, boolean acc) {
        int r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        int a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        if (acc) {
            c00 = FloatVector.fromArray(F, c, r0 + j); c01 = FloatVector.fromArray(F, c, r0 + j + L);
            c02 = FloatVector.fromArray(F, c, r0 + j + 2 * L); c03 = FloatVector.fromArray(F, c, r0 + j + 3 * L);
            c10 = FloatVector.fromArray(F, c, r1 + j); c11 = FloatVector.fromArray(F, c, r1 + j + L);
            c12 = FloatVector.fromArray(F, c, r1 + j + 2 * L); c13 = FloatVector.fromArray(F, c, r1 + j + 3 * L);
            c20 = FloatVector.fromArray(F, c, r2 + j); c21 = FloatVector.fromArray(F, c, r2 + j + L);
            c22 = FloatVector.fromArray(F, c, r2 + j + 2 * L); c23 = FloatVector.fromArray(F, c, r2 + j + 3 * L);
            c30 = FloatVector.fromArray(F, c, r3 + j); c31 = FloatVector.fromArray(F, c, r3 + j + L);
            c32 = FloatVector.fromArray(F, c, r3 + j + 2 * L); c33 = FloatVector.fromArray(F, c, r3 + j + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = FloatVector.zero(F);
        }
        for (int p = 0; p < k; p++) {
            int bp = bOff + p * ldb + j;
            FloatVector b0 = FloatVector.fromArray(F, b, bp), b1 = FloatVector.fromArray(F, b, bp + L),
                    b2 = FloatVector.fromArray(F, b, bp + 2 * L), b3 = FloatVector.fromArray(F, b, bp + 3 * L);
            int ap = p * aCol;
            FloatVector x = FloatVector.broadcast(F, a[a0 + ap]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(F, a[a1 + ap]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(F, a[a2 + ap]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22); c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(F, a[a3 + ap]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32); c33 = x.fma(b3, c33);
        }
        c00.intoArray(c, r0 + j); c01.intoArray(c, r0 + j + L); c02.intoArray(c, r0 + j + 2 * L); c03.intoArray(c, r0 + j + 3 * L);
        c10.intoArray(c, r1 + j); c11.intoArray(c, r1 + j + L); c12.intoArray(c, r1 + j + 2 * L); c13.intoArray(c, r1 + j + 3 * L);
        c20.intoArray(c, r2 + j); c21.intoArray(c, r2 + j + L); c22.intoArray(c, r2 + j + 2 * L); c23.intoArray(c, r2 + j + 3 * L);
        c30.intoArray(c, r3 + j); c31.intoArray(c, r3 + j + L); c32.intoArray(c, r3 + j + 2 * L); c33.intoArray(c, r3 + j + 3 * L);
    }

    /** Four rows of C × columns j..j+3L: twelve accumulators, three loads of B and four broadcasts per k. */
    private static void block4x3(int j, int k, float[] a, int a0, int aRow, int aCol, float[] b, int bOff, int ldb,
                                 float[] c, int r0, int ldc, boolean acc) {
        int r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        int a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
        if (acc) {
            c00 = FloatVector.fromArray(F, c, r0 + j); c01 = FloatVector.fromArray(F, c, r0 + j + L); c02 = FloatVector.fromArray(F, c, r0 + j + 2 * L);
            c10 = FloatVector.fromArray(F, c, r1 + j); c11 = FloatVector.fromArray(F, c, r1 + j + L); c12 = FloatVector.fromArray(F, c, r1 + j + 2 * L);
            c20 = FloatVector.fromArray(F, c, r2 + j); c21 = FloatVector.fromArray(F, c, r2 + j + L); c22 = FloatVector.fromArray(F, c, r2 + j + 2 * L);
            c30 = FloatVector.fromArray(F, c, r3 + j); c31 = FloatVector.fromArray(F, c, r3 + j + L); c32 = FloatVector.fromArray(F, c, r3 + j + 2 * L);
        } else {
            c00 = c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = FloatVector.zero(F);
        }
        for (int p = 0; p < k; p++) {
            int bp = bOff + p * ldb + j;
            FloatVector b0 = FloatVector.fromArray(F, b, bp), b1 = FloatVector.fromArray(F, b, bp + L), b2 = FloatVector.fromArray(F, b, bp + 2 * L);
            int ap = p * aCol;
            FloatVector x = FloatVector.broadcast(F, a[a0 + ap]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(F, a[a1 + ap]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(F, a[a2 + ap]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(F, a[a3 + ap]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32);
        }
        c00.intoArray(c, r0 + j); c01.intoArray(c, r0 + j + L); c02.intoArray(c, r0 + j + 2 * L);
        c10.intoArray(c, r1 + j); c11.intoArray(c, r1 + j + L); c12.intoArray(c, r1 + j + 2 * L);
        c20.intoArray(c, r2 + j); c21.intoArray(c, r2 + j + L); c22.intoArray(c, r2 + j + 2 * L);
        c30.intoArray(c, r3 + j); c31.intoArray(c, r3 + j + L); c32.intoArray(c, r3 + j + 2 * L);
    }

    /** Four rows of C × columns j..j+2L: what is left of a panel after its wider blocks. */
    private static void block4x2(int j, int k, float[] a, int a0, int aRow, int aCol, float[] b, int bOff, int ldb,
                                 float[] c, int r0, int ldc, boolean acc) {
        int r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        int a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31;
        if (acc) {
            c00 = FloatVector.fromArray(F, c, r0 + j); c01 = FloatVector.fromArray(F, c, r0 + j + L);
            c10 = FloatVector.fromArray(F, c, r1 + j); c11 = FloatVector.fromArray(F, c, r1 + j + L);
            c20 = FloatVector.fromArray(F, c, r2 + j); c21 = FloatVector.fromArray(F, c, r2 + j + L);
            c30 = FloatVector.fromArray(F, c, r3 + j); c31 = FloatVector.fromArray(F, c, r3 + j + L);
        } else {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = FloatVector.zero(F);
        }
        for (int p = 0; p < k; p++) {
            int bp = bOff + p * ldb + j;
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + L);
            int ap = p * aCol;
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + ap]);
            FloatVector x1 = FloatVector.broadcast(F, a[a1 + ap]);
            FloatVector x2 = FloatVector.broadcast(F, a[a2 + ap]);
            FloatVector x3 = FloatVector.broadcast(F, a[a3 + ap]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21);
            c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31);
        }
        c00.intoArray(c, r0 + j); c01.intoArray(c, r0 + j + L);
        c10.intoArray(c, r1 + j); c11.intoArray(c, r1 + j + L);
        c20.intoArray(c, r2 + j); c21.intoArray(c, r2 + j + L);
        c30.intoArray(c, r3 + j); c31.intoArray(c, r3 + j + L);
    }

    /** C[M×N] (+)= A·Bᵀ with A [M×K] (row stride lda) and B [N×K] (row stride ldb). */
    static void nt(boolean vector, Parallel par, int m, int n, int k, float[] a, int aOff, int lda,
                   float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        int colBlocks = (n + 63) / 64;
        int blocks = m * colBlocks, grain = Parallel.grain(64L * k);
        if (!par.splits(blocks, grain)) {
            ntBlocks(0, blocks, colBlocks, vector, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        par.forRange(blocks, grain, (lo, hi) -> ntBlocks(lo, hi, colBlocks, vector, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate));
    }

    /** Blocks [lo, hi) of C: one row by 64 columns each, row-major. */
    private static void ntBlocks(int lo, int hi, int colBlocks, boolean vector, int n, int k, float[] a, int aOff, int lda,
                                 float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        for (int t = lo; t < hi; t++) {
            int i = t / colBlocks;
            int j0 = (t % colBlocks) * 64;
            int j1 = Math.min(n, j0 + 64);
            int ai = aOff + i * lda;
            for (int j = j0; j < j1; j++) {
                int bj = bOff + j * ldb;
                float s;
                if (vector) {
                    s = dotVector(a, ai, b, bj, k);
                } else {
                    s = 0f;
                    for (int p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
                }
                int ci = cOff + i * ldc + j;
                c[ci] = accumulate ? c[ci] + s : s;
            }
        }
    }

    private static float dotVector(float[] a, int x, float[] b, int y, int n) {
        int i = 0;
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        for (; i + 2 * L <= n; i += 2 * L) {
            s0 = FloatVector.fromArray(F, a, x + i).fma(FloatVector.fromArray(F, b, y + i), s0);
            s1 = FloatVector.fromArray(F, a, x + i + L).fma(FloatVector.fromArray(F, b, y + i + L), s1);
        }
        for (; i + L <= n; i += L) s0 = FloatVector.fromArray(F, a, x + i).fma(FloatVector.fromArray(F, b, y + i), s0);
        float s = Vec.sumLanes(s0.add(s1));
        for (; i < n; i++) s = Math.fma(a[x + i], b[y + i], s);
        return s;
    }

    /**
     * C[M×N] = Σ over samples s in [s0, s1) of A_s·B_sᵀ, with A_s = a[aOff + s·aStride ..] (M rows
     * of K) and B_s = b[bOff + s·bStride ..] (N rows of K): the weight gradient of a 1×1
     * convolution over a run of samples. Each 4×4 block of C (4×2 without {@link #WIDE_BLOCKS})
     * keeps its lane sums over all of K in registers, carried from sample to sample in
     * {@code lanes} (M·N·L floats), and C gets
     * its lanes added once at the end, where a dot product per element and sample loads twice
     * per multiply-add and sums lanes every time. Samples are the outer loop so that one sample's
     * rows stay in cache while every block reads them. Needs M and N multiples of 4 and K a
     * multiple of the vector length. With a {@code reluScratch} (N·K floats), B_s is relu(B_s),
     * taken into that scratch as each sample comes.
     */
    static void ntSamples(int m, int n, int k, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                          int s0, int s1, float[] c, int cOff, int ldc, float[] lanes, float[] reluScratch) {
        java.util.Arrays.fill(lanes, 0, m * n * L, 0f);
        for (int smp = s0; smp < s1; smp++) {
            float[] bs = b;
            int bsOff = bOff + smp * bStride;
            if (reluScratch != null) {
                Vec.relu(b, reluScratch, bsOff, bsOff + n * k, 0);
                bs = reluScratch;
                bsOff = 0;
            }
            if (!WIDE_BLOCKS) {
                lanes4x2(m, n, k, a, aOff + smp * aStride, bs, bsOff, lanes);
                continue;
            }
            for (int i = 0; i < m; i += ROWS) {
                for (int j = 0; j < n; j += ROWS) {
                    int l0 = (i * n + j) * L, l1 = l0 + n * L, l2 = l1 + n * L, l3 = l2 + n * L; // lanes of rows i..i+3, columns j..j+3
                    FloatVector c00 = FloatVector.fromArray(F, lanes, l0), c01 = FloatVector.fromArray(F, lanes, l0 + L),
                            c02 = FloatVector.fromArray(F, lanes, l0 + 2 * L), c03 = FloatVector.fromArray(F, lanes, l0 + 3 * L),
                            c10 = FloatVector.fromArray(F, lanes, l1), c11 = FloatVector.fromArray(F, lanes, l1 + L),
                            c12 = FloatVector.fromArray(F, lanes, l1 + 2 * L), c13 = FloatVector.fromArray(F, lanes, l1 + 3 * L),
                            c20 = FloatVector.fromArray(F, lanes, l2), c21 = FloatVector.fromArray(F, lanes, l2 + L),
                            c22 = FloatVector.fromArray(F, lanes, l2 + 2 * L), c23 = FloatVector.fromArray(F, lanes, l2 + 3 * L),
                            c30 = FloatVector.fromArray(F, lanes, l3), c31 = FloatVector.fromArray(F, lanes, l3 + L),
                            c32 = FloatVector.fromArray(F, lanes, l3 + 2 * L), c33 = FloatVector.fromArray(F, lanes, l3 + 3 * L);
                    int a0 = aOff + smp * aStride + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
                    int b0 = bsOff + j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
                    for (int p = 0; p < k; p += L) {
                        FloatVector x0 = FloatVector.fromArray(F, a, a0 + p), x1 = FloatVector.fromArray(F, a, a1 + p),
                                x2 = FloatVector.fromArray(F, a, a2 + p), x3 = FloatVector.fromArray(F, a, a3 + p);
                        FloatVector y0 = FloatVector.fromArray(F, bs, b0 + p), y1 = FloatVector.fromArray(F, bs, b1 + p),
                                y2 = FloatVector.fromArray(F, bs, b2 + p), y3 = FloatVector.fromArray(F, bs, b3 + p);
                        c00 = x0.fma(y0, c00); c01 = x0.fma(y1, c01); c02 = x0.fma(y2, c02); c03 = x0.fma(y3, c03);
                        c10 = x1.fma(y0, c10); c11 = x1.fma(y1, c11); c12 = x1.fma(y2, c12); c13 = x1.fma(y3, c13);
                        c20 = x2.fma(y0, c20); c21 = x2.fma(y1, c21); c22 = x2.fma(y2, c22); c23 = x2.fma(y3, c23);
                        c30 = x3.fma(y0, c30); c31 = x3.fma(y1, c31); c32 = x3.fma(y2, c32); c33 = x3.fma(y3, c33);
                    }
                    c00.intoArray(lanes, l0); c01.intoArray(lanes, l0 + L); c02.intoArray(lanes, l0 + 2 * L); c03.intoArray(lanes, l0 + 3 * L);
                    c10.intoArray(lanes, l1); c11.intoArray(lanes, l1 + L); c12.intoArray(lanes, l1 + 2 * L); c13.intoArray(lanes, l1 + 3 * L);
                    c20.intoArray(lanes, l2); c21.intoArray(lanes, l2 + L); c22.intoArray(lanes, l2 + 2 * L); c23.intoArray(lanes, l2 + 3 * L);
                    c30.intoArray(lanes, l3); c31.intoArray(lanes, l3 + L); c32.intoArray(lanes, l3 + 2 * L); c33.intoArray(lanes, l3 + 3 * L);
                }
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) c[cOff + i * ldc + j] = Vec.sumLanes(lanes, (i * n + j) * L);
        }
    }

    /** One sample's A·Bᵀ added to {@link #ntSamples}'s lane sums in 4×2 blocks: eight accumulators, six loads per vector of K. */
    private static void lanes4x2(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] lanes) {
        for (int i = 0; i < m; i += ROWS) {
            for (int j = 0; j < n; j += 2) {
                int l0 = (i * n + j) * L, l1 = l0 + n * L, l2 = l1 + n * L, l3 = l2 + n * L; // lanes of rows i..i+3, columns j, j+1
                FloatVector c00 = FloatVector.fromArray(F, lanes, l0), c01 = FloatVector.fromArray(F, lanes, l0 + L),
                        c10 = FloatVector.fromArray(F, lanes, l1), c11 = FloatVector.fromArray(F, lanes, l1 + L),
                        c20 = FloatVector.fromArray(F, lanes, l2), c21 = FloatVector.fromArray(F, lanes, l2 + L),
                        c30 = FloatVector.fromArray(F, lanes, l3), c31 = FloatVector.fromArray(F, lanes, l3 + L);
                int a0 = aOff + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
                int b0 = bOff + j * k, b1 = b0 + k;
                for (int p = 0; p < k; p += L) {
                    FloatVector y0 = FloatVector.fromArray(F, b, b0 + p), y1 = FloatVector.fromArray(F, b, b1 + p);
                    FloatVector x = FloatVector.fromArray(F, a, a0 + p);
                    c00 = x.fma(y0, c00); c01 = x.fma(y1, c01);
                    x = FloatVector.fromArray(F, a, a1 + p);
                    c10 = x.fma(y0, c10); c11 = x.fma(y1, c11);
                    x = FloatVector.fromArray(F, a, a2 + p);
                    c20 = x.fma(y0, c20); c21 = x.fma(y1, c21);
                    x = FloatVector.fromArray(F, a, a3 + p);
                    c30 = x.fma(y0, c30); c31 = x.fma(y1, c31);
                }
                c00.intoArray(lanes, l0); c01.intoArray(lanes, l0 + L);
                c10.intoArray(lanes, l1); c11.intoArray(lanes, l1 + L);
                c20.intoArray(lanes, l2); c21.intoArray(lanes, l2 + L);
                c30.intoArray(lanes, l3); c31.intoArray(lanes, l3 + L);
            }
        }
    }
}
