package dev.pcdarts.engine.tensor;

import java.util.Arrays;

/** Small helpers over {@code int[]} shapes. */
public final class Shapes {
    private Shapes() {}

    public static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= d;
        }
        return n;
    }

    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Throws naming {@code op} unless {@code t} has exactly {@code rank} dimensions. */
    public static void requireRank(String op, Tensor t, int rank) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(op + ": expected a " + rank + "-d tensor, got shape " + str(t.shape()));
        }
    }

    /** Throws naming {@code op} unless the shapes are equal. */
    public static void requireSame(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": shapes differ: " + str(a.shape()) + " vs " + str(b.shape()));
        }
    }
}
