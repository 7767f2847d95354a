package dev.pcdarts.vector;

import dev.pcdarts.engine.backend.ConvGeometry;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A stride-1 depthwise window that keeps the plane's size, over a plane copied flat: with no
 * padded columns, a vector at a multiple of L holds L/w whole rows of a plane narrower than a
 * vector (8×8 on 16 lanes) or a whole-vector part of one row. {@link Window}'s padded rows leave
 * most lanes of a narrow plane empty, and placing them row by row cost as much as the taps.
 *
 * <p>The scratch holds the plane with its pad rows of zeros above and below and a margin of zeros
 * at each end, so tap t of the output vector at flat position p is the vector at
 * {@code p + offsets[t]}. Lanes whose tap column leaves their row read a neighbouring row there;
 * an AND with the column's pattern (or a masked load) clears them to +0, the value
 * {@link Window}'s zero border gives, so every output sums the same terms in the same order as
 * {@link DepthwiseKernels#correlate} and has the same bits. Patterns depend on a vector's place
 * in its row: {@link #pattern} gives where the set for the vector at p begins.
 *
 * @param h rows of the plane
 * @param w columns of the plane: a divisor or a multiple of the vector length, h·w a multiple of it
 * @param kw kernel columns
 * @param interior where the plane's first element lies in the scratch
 * @param length floats of scratch
 * @param offsets per tap (row-major), from an output's flat position to its read in the scratch
 * @param patterns per vector place in a row, per kernel column, L ints: all bits where the lane's tap column stays in its row, else 0
 * @param inside the same patterns as lane masks, for {@link #correlate9Rows4}'s masked loads: its
 *     twelve ANDs per block took it past C2's budget (boxed vectors, four times slower), while
 *     elsewhere the ANDs measured faster than masked loads
 */
record FlatWindow(int h, int w, int kw, int interior, int length, int[] offsets, int[] patterns, boolean[] inside) {
    private static final VectorSpecies<Float> F = Vec.F;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int L = Vec.L;

    /** Whether g is a depthwise stride-1 convolution of same-size planes that lie flat in whole vectors. */
    static boolean fits(ConvGeometry g) {
        int h = g.h(), w = g.w();
        boolean whole = w < L ? L % w == 0 && h * w % L == 0 : w % L == 0;
        return I.length() == L && whole && g.strideH() == 1 && g.strideW() == 1 && g.kh() % 2 == 1 && g.kw() % 2 == 1
                && 2 * g.padH() == g.dilH() * (g.kh() - 1) && 2 * g.padW() == g.dilW() * (g.kw() - 1);
    }

    /**
     * Whether the correlations (forward and input gradient) of g go through a flat window: where
     * rows are narrower than a vector, and for a 3×3 kernel with the same dilation d across and
     * down on at least 4d rows (four output rows per input load, {@link #correlate9Rows4}) where
     * they are whole vectors; other wide windows are as fast in {@link Window}.
     */
    static boolean correlates(ConvGeometry g) {
        return fits(g) && (g.w() < L || g.kh() == 3 && g.kw() == 3 && g.dilH() == g.dilW() && g.h() >= 4 * g.dilH());
    }

    /** The window of g's kernel over g's input planes (forward) or its output planes (transposed): the same when {@link #fits}. */
    static FlatWindow of(ConvGeometry g) {
        int h = g.h(), w = g.w(), kh = g.kh(), kw = g.kw(), padH = g.padH(), padW = g.padW();
        int margin = Window.roundUp(padW), interior = margin + padH * w, places = Math.max(1, w / L);
        int[] offsets = new int[kh * kw];
        int[] patterns = new int[places * kw * L];
        boolean[] inside = new boolean[patterns.length];
        for (int j = 0; j < kw; j++) {
            int shift = j * g.dilW() - padW;
            for (int q = 0; q < places; q++) {
                for (int l = 0; l < L; l++) {
                    int col = (q * L + l) % w + shift;
                    inside[(q * kw + j) * L + l] = col >= 0 && col < w;
                    patterns[(q * kw + j) * L + l] = inside[(q * kw + j) * L + l] ? -1 : 0;
                }
            }
            for (int i = 0; i < kh; i++) offsets[i * kw + j] = margin + i * g.dilH() * w + shift;
        }
        return new FlatWindow(h, w, kw, interior, 2 * margin + (h + 2 * padH) * w, offsets, patterns, inside);
    }

    /** This thread's scratch in {@code slot}, zero everywhere; {@link #place} fills the interior. */
    float[] scratch(int slot) {
        float[] z = Scratch.get(slot, length);
        Arrays.fill(z, 0, length, 0f);
        return z;
    }

    /** Copies the plane src[off..off + h·w) into the scratch's interior, relu(v) with {@code relu}. */
    void place(float[] src, int off, boolean relu, float[] z) {
        if (relu) Vec.relu(src, z, off, off + h * w, interior);
        else System.arraycopy(src, off, z, interior, h * w);
    }

    /** Where the column patterns of the vector at flat position p begin in {@code patterns} and {@code inside}. */
    private int pattern(int p) {
        return p % w / L * kw * L;
    }

    private static FloatVector cleared(float[] z, int at, IntVector pattern) {
        return FloatVector.fromArray(F, z, at).reinterpretAsInts().lanewise(VectorOperators.AND, pattern).reinterpretAsFloats();
    }

    /** The pattern of kernel column j in the set at {@code set}. */
    private IntVector column(int set, int j) {
        return IntVector.fromArray(I, patterns, set + j * L);
    }

    /** out[oOff + p] = Σ_t k[kOff + t]·(tap t at p), taps in order from zero, for every flat p; see {@link #correlates}. */
    void correlate(float[] z, float[] k, int kOff, float[] out, int oOff) {
        if (w >= L) {
            correlate9Rows4(z, k, kOff, out, oOff);
            return;
        }
        if (offsets.length == 9) {
            correlate9(z, k, kOff, out, oOff);
            return;
        }
        if (offsets.length == 25) {
            correlate25(z, k, kOff, out, oOff);
            return;
        }
        FloatVector zero = FloatVector.zero(F);
        for (int p = 0; p < h * w; p += L) {
            int set = pattern(p);
            FloatVector a = zero;
            for (int t = 0; t < offsets.length; t++) {
                a = cleared(z, p + offsets[t], column(set, t % kw)).fma(FloatVector.broadcast(F, k[kOff + t]), a);
            }
            a.intoArray(out, oOff + p);
        }
    }

    /** {@link #correlate} for 3×3 on rows narrower than a vector, weights and the outer columns' masks in registers. */
    private void correlate9(float[] z, float[] k, int kOff, float[] out, int oOff) {
        IntVector left = column(0, 0), right = column(0, 2);
        FloatVector zero = FloatVector.zero(F);
        FloatVector w0 = FloatVector.broadcast(F, k[kOff]), w1 = FloatVector.broadcast(F, k[kOff + 1]),
                w2 = FloatVector.broadcast(F, k[kOff + 2]), w3 = FloatVector.broadcast(F, k[kOff + 3]),
                w4 = FloatVector.broadcast(F, k[kOff + 4]), w5 = FloatVector.broadcast(F, k[kOff + 5]),
                w6 = FloatVector.broadcast(F, k[kOff + 6]), w7 = FloatVector.broadcast(F, k[kOff + 7]),
                w8 = FloatVector.broadcast(F, k[kOff + 8]);
        int o0 = offsets[0], o1 = offsets[1], o2 = offsets[2], o3 = offsets[3], o4 = offsets[4], o5 = offsets[5],
                o6 = offsets[6], o7 = offsets[7], o8 = offsets[8];
        for (int p = 0; p < h * w; p += L) {
            FloatVector a = zero;
            a = cleared(z, p + o0, left).fma(w0, a);
            a = FloatVector.fromArray(F, z, p + o1).fma(w1, a); // the middle column never leaves its row
            a = cleared(z, p + o2, right).fma(w2, a);
            a = cleared(z, p + o3, left).fma(w3, a);
            a = FloatVector.fromArray(F, z, p + o4).fma(w4, a);
            a = cleared(z, p + o5, right).fma(w5, a);
            a = cleared(z, p + o6, left).fma(w6, a);
            a = FloatVector.fromArray(F, z, p + o7).fma(w7, a);
            a = cleared(z, p + o8, right).fma(w8, a);
            a.intoArray(out, oOff + p);
        }
    }

    /** {@link #correlate} for 5×5 on rows narrower than a vector, the outer columns' masks in registers, a kernel row at a time. */
    private void correlate25(float[] z, float[] k, int kOff, float[] out, int oOff) {
        IntVector c0 = column(0, 0), c1 = column(0, 1), c3 = column(0, 3), c4 = column(0, 4);
        FloatVector zero = FloatVector.zero(F);
        for (int p = 0; p < h * w; p += L) {
            FloatVector a = zero;
            for (int t = 0; t < 25; t += 5) {
                int r = p + offsets[t], step = offsets[t + 1] - offsets[t];
                a = cleared(z, r, c0).fma(FloatVector.broadcast(F, k[kOff + t]), a);
                a = cleared(z, r + step, c1).fma(FloatVector.broadcast(F, k[kOff + t + 1]), a);
                a = FloatVector.fromArray(F, z, r + 2 * step).fma(FloatVector.broadcast(F, k[kOff + t + 2]), a);
                a = cleared(z, r + 3 * step, c3).fma(FloatVector.broadcast(F, k[kOff + t + 3]), a);
                a = cleared(z, r + 4 * step, c4).fma(FloatVector.broadcast(F, k[kOff + t + 4]), a);
            }
            a.intoArray(out, oOff + p);
        }
    }

    /**
     * {@link #correlate} for 3×3 at dilation d on rows of whole vectors, four output rows y, y+d,
     * y+2d, y+3d at a time: each of the six input rows they read is loaded once per column and
     * multiplied into every output row it reaches, in the order of {@link DepthwiseKernels#correlate9}
     * (input rows in order, columns in order within a row). The rows of each residue mod d go in
     * blocks of four; a last partial block is done again over that residue's four last rows: same values.
     */
    private void correlate9Rows4(float[] z, float[] k, int kOff, float[] out, int oOff) {
        FloatVector w0 = FloatVector.broadcast(F, k[kOff]), w1 = FloatVector.broadcast(F, k[kOff + 1]),
                w2 = FloatVector.broadcast(F, k[kOff + 2]), w3 = FloatVector.broadcast(F, k[kOff + 3]),
                w4 = FloatVector.broadcast(F, k[kOff + 4]), w5 = FloatVector.broadcast(F, k[kOff + 5]),
                w6 = FloatVector.broadcast(F, k[kOff + 6]), w7 = FloatVector.broadcast(F, k[kOff + 7]),
                w8 = FloatVector.broadcast(F, k[kOff + 8]);
        int o0 = offsets[0], d = offsets[1] - o0, dw = d * w; // the dilation, across and down
        for (int q = 0; q < w; q += L) {
            // masks inline: a VectorMask returned from a method is boxed in a body this large
            VectorMask<Float> left = VectorMask.fromArray(F, inside, pattern(q)), right = VectorMask.fromArray(F, inside, pattern(q) + 2 * L);
            for (int e = 0; e < d; e++) {
                int rows = (h - e + d - 1) / d; // rows ≡ e (mod d)
                for (int b0 = 0; b0 < rows; b0 += 4) {
                    int y = e + Math.min(b0, rows - 4) * d;
                    int r = y * w + q + o0;
                    FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, v;
                    v = FloatVector.fromArray(F, z, r, left); a0 = v.fma(w0, a0); // input row y
                    v = FloatVector.fromArray(F, z, r + d); a0 = v.fma(w1, a0);
                    v = FloatVector.fromArray(F, z, r + 2 * d, right); a0 = v.fma(w2, a0);
                    r += dw; // y + d
                    v = FloatVector.fromArray(F, z, r, left); a0 = v.fma(w3, a0); a1 = v.fma(w0, a1);
                    v = FloatVector.fromArray(F, z, r + d); a0 = v.fma(w4, a0); a1 = v.fma(w1, a1);
                    v = FloatVector.fromArray(F, z, r + 2 * d, right); a0 = v.fma(w5, a0); a1 = v.fma(w2, a1);
                    r += dw; // y + 2d
                    v = FloatVector.fromArray(F, z, r, left); a0 = v.fma(w6, a0); a1 = v.fma(w3, a1); a2 = v.fma(w0, a2);
                    v = FloatVector.fromArray(F, z, r + d); a0 = v.fma(w7, a0); a1 = v.fma(w4, a1); a2 = v.fma(w1, a2);
                    v = FloatVector.fromArray(F, z, r + 2 * d, right); a0 = v.fma(w8, a0); a1 = v.fma(w5, a1); a2 = v.fma(w2, a2);
                    r += dw; // y + 3d
                    v = FloatVector.fromArray(F, z, r, left); a1 = v.fma(w6, a1); a2 = v.fma(w3, a2); a3 = v.fma(w0, a3);
                    v = FloatVector.fromArray(F, z, r + d); a1 = v.fma(w7, a1); a2 = v.fma(w4, a2); a3 = v.fma(w1, a3);
                    v = FloatVector.fromArray(F, z, r + 2 * d, right); a1 = v.fma(w8, a1); a2 = v.fma(w5, a2); a3 = v.fma(w2, a3);
                    r += dw; // y + 4d
                    v = FloatVector.fromArray(F, z, r, left); a2 = v.fma(w6, a2); a3 = v.fma(w3, a3);
                    v = FloatVector.fromArray(F, z, r + d); a2 = v.fma(w7, a2); a3 = v.fma(w4, a3);
                    v = FloatVector.fromArray(F, z, r + 2 * d, right); a2 = v.fma(w8, a2); a3 = v.fma(w5, a3);
                    r += dw; // y + 5d
                    v = FloatVector.fromArray(F, z, r, left); a3 = v.fma(w6, a3);
                    v = FloatVector.fromArray(F, z, r + d); a3 = v.fma(w7, a3);
                    v = FloatVector.fromArray(F, z, r + 2 * d, right); a3 = v.fma(w8, a3);
                    int at = oOff + y * w + q;
                    a0.intoArray(out, at);
                    a1.intoArray(out, at + dw);
                    a2.intoArray(out, at + 2 * dw);
                    a3.intoArray(out, at + 3 * dw);
                }
            }
        }
    }

    /**
     * lanes[base + t·L..] += Σ_p g[gOff + p]·(tap t at p) lane-wise, over the flat positions p in
     * order: one plane's part of a depthwise weight gradient. g's plane is read where it lies.
     */
    void weightTaps(float[] z, float[] g, int gOff, float[] lanes, int base) {
        if (offsets.length == 9) {
            weightTaps9(z, g, gOff, lanes, base);
            return;
        }
        if (offsets.length == 25) {
            for (int i = 0; i < 5; i++) weightTaps5(z, g, gOff, lanes, base, 5 * i);
            return;
        }
        for (int t = 0; t < offsets.length; t++) {
            FloatVector a = FloatVector.fromArray(F, lanes, base + t * L);
            for (int p = 0; p < h * w; p += L) a = FloatVector.fromArray(F, g, gOff + p).fma(cleared(z, p + offsets[t], column(pattern(p), t % kw)), a);
            a.intoArray(lanes, base + t * L);
        }
    }

    /** {@link #weightTaps} for the five taps t0..t0+4 of one kernel row of a 5×5 window. */
    private void weightTaps5(float[] z, float[] g, int gOff, float[] lanes, int base, int t0) {
        int l0 = base + t0 * L, r0 = offsets[t0], step = offsets[t0 + 1] - r0;
        FloatVector a0 = FloatVector.fromArray(F, lanes, l0), a1 = FloatVector.fromArray(F, lanes, l0 + L),
                a2 = FloatVector.fromArray(F, lanes, l0 + 2 * L), a3 = FloatVector.fromArray(F, lanes, l0 + 3 * L),
                a4 = FloatVector.fromArray(F, lanes, l0 + 4 * L);
        for (int p = 0; p < h * w; p += L) {
            FloatVector gv = FloatVector.fromArray(F, g, gOff + p);
            int r = p + r0, set = pattern(p);
            a0 = gv.fma(cleared(z, r, column(set, 0)), a0);
            a1 = gv.fma(cleared(z, r + step, column(set, 1)), a1);
            a2 = gv.fma(FloatVector.fromArray(F, z, r + 2 * step), a2);
            a3 = gv.fma(cleared(z, r + 3 * step, column(set, 3)), a3);
            a4 = gv.fma(cleared(z, r + 4 * step, column(set, 4)), a4);
        }
        a0.intoArray(lanes, l0);
        a1.intoArray(lanes, l0 + L);
        a2.intoArray(lanes, l0 + 2 * L);
        a3.intoArray(lanes, l0 + 3 * L);
        a4.intoArray(lanes, l0 + 4 * L);
    }

    /** {@link #weightTaps} for 3×3, the nine lane sums in registers. */
    private void weightTaps9(float[] z, float[] g, int gOff, float[] lanes, int base) {
        FloatVector a0 = FloatVector.fromArray(F, lanes, base), a1 = FloatVector.fromArray(F, lanes, base + L),
                a2 = FloatVector.fromArray(F, lanes, base + 2 * L), a3 = FloatVector.fromArray(F, lanes, base + 3 * L),
                a4 = FloatVector.fromArray(F, lanes, base + 4 * L), a5 = FloatVector.fromArray(F, lanes, base + 5 * L),
                a6 = FloatVector.fromArray(F, lanes, base + 6 * L), a7 = FloatVector.fromArray(F, lanes, base + 7 * L),
                a8 = FloatVector.fromArray(F, lanes, base + 8 * L);
        int o0 = offsets[0], o1 = offsets[1], o2 = offsets[2], o3 = offsets[3], o4 = offsets[4], o5 = offsets[5],
                o6 = offsets[6], o7 = offsets[7], o8 = offsets[8];
        for (int p = 0; p < h * w; p += L) {
            IntVector left = column(pattern(p), 0), right = column(pattern(p), 2);
            FloatVector gv = FloatVector.fromArray(F, g, gOff + p);
            a0 = gv.fma(cleared(z, p + o0, left), a0);
            a1 = gv.fma(FloatVector.fromArray(F, z, p + o1), a1);
            a2 = gv.fma(cleared(z, p + o2, right), a2);
            a3 = gv.fma(cleared(z, p + o3, left), a3);
            a4 = gv.fma(FloatVector.fromArray(F, z, p + o4), a4);
            a5 = gv.fma(cleared(z, p + o5, right), a5);
            a6 = gv.fma(cleared(z, p + o6, left), a6);
            a7 = gv.fma(FloatVector.fromArray(F, z, p + o7), a7);
            a8 = gv.fma(cleared(z, p + o8, right), a8);
        }
        a0.intoArray(lanes, base);
        a1.intoArray(lanes, base + L);
        a2.intoArray(lanes, base + 2 * L);
        a3.intoArray(lanes, base + 3 * L);
        a4.intoArray(lanes, base + 4 * L);
        a5.intoArray(lanes, base + 5 * L);
        a6.intoArray(lanes, base + 6 * L);
        a7.intoArray(lanes, base + 7 * L);
        a8.intoArray(lanes, base + 8 * L);
    }
}
