package dev.pcdarts.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The one-pass weighted sum and its backward give the bits of the term-by-term route they
 * replace (scaleIndexed, axpyIndexed, dot), vector and scalar, split over threads or not.
 */
class WeightedSumTest {
    private static final int[] SHAPE = {3, 5, 37, 41}; // two dot chunks, no multiple of the vector length
    private static final int[] SLOTS = {2, 0, 5, 3, 1, 4};

    private static Tensor random(Backend b, RandomStream r) {
        float[] v = new float[3 * 5 * 37 * 41];
        for (int i = 0; i < v.length; i++) v[i] = r.uniform(-2f, 2f);
        return Tensor.of(b, v, SHAPE);
    }

    @Test
    void sameBitsAsTermByTerm() {
        for (boolean zeroFirst : new boolean[] {false, true}) {
            for (Backend b : new Backend[] {new VectorBackend(1, true), new VectorBackend(2, true), new VectorBackend(1, false), new VectorBackend(2, false)}) {
                String what = b.describe() + (zeroFirst ? ", zero first weight" : "");
                RandomStream r = new RandomStream(9);
                float[] wv = {0.11f, -0.7f, 0.33f, 1.9f, -0.05f, 0.62f};
                if (zeroFirst) wv[SLOTS[0]] = 0f;
                Tensor w = Tensor.of(b, wv, 6);
                Tensor[] xs = new Tensor[SLOTS.length];
                for (int i = 0; i < xs.length; i++) xs[i] = random(b, r);
                Tensor g = random(b, r);

                Tensor expected = xs[0].emptyLike();
                b.scaleIndexed(w, SLOTS[0], xs[0], expected);
                for (int i = 1; i < xs.length; i++) b.axpyIndexed(w, SLOTS[i], xs[i], expected);
                Tensor fused = xs[0].emptyLike();
                b.weightedSum(w, SLOTS, xs, fused);
                assertArrayEquals(expected.data(), fused.data(), what + ": forward");

                double[] dots = new double[xs.length];
                Tensor[] gxs = new Tensor[xs.length];
                for (int i = 0; i < xs.length; i++) gxs[i] = i == 2 ? null : g.emptyLike(); // a term whose gradient is not needed
                b.weightedSumBackward(w, SLOTS, g, xs, dots, gxs);
                for (int i = 0; i < xs.length; i++) {
                    assertEquals(b.dot(g, xs[i]), dots[i], 0.0, what + ": dot " + i);
                    if (gxs[i] == null) continue;
                    Tensor gx = g.emptyLike();
                    b.scaleIndexed(w, SLOTS[i], g, gx);
                    assertArrayEquals(gx.data(), gxs[i].data(), what + ": gradient " + i);
                }
            }
        }
    }
}
