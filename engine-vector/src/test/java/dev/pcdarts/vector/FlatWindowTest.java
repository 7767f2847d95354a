package dev.pcdarts.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.backend.ConvGeometry;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Depthwise stride-1 convolutions over flat planes (several rows per vector, or rows of whole
 * vectors): forward, input and weight gradients, with and without the ReLU read into the
 * convolution, against the scalar twins; and which geometries take that path.
 */
class FlatWindowTest {
    private static final Backend VECTOR = new VectorBackend(2, true);
    private static final Backend SCALAR = new VectorBackend(2, false);

    /** Batch n, c channels of h×w, a k×k kernel at dilation d with the padding that keeps the size. */
    private static ConvGeometry same(int n, int c, int h, int w, int k, int d) {
        return ConvGeometry.of(new int[] {n, c, h, w}, new int[] {c, 1, k, k}, 1, d * (k - 1) / 2, d, c);
    }

    private static final ConvGeometry[] GEOMETRIES = {
        same(3, 5, 8, 8, 3, 1), // sep_conv_3x3 on the last stage
        same(2, 3, 8, 8, 3, 2), // dil_conv_3x3
        same(2, 3, 8, 8, 5, 1), // sep_conv_5x5
        same(2, 3, 8, 8, 5, 2), // dil_conv_5x5: its pad of 4 reaches half the plane
        same(3, 4, 4, 4, 3, 1), // 4 or more rows per vector
        same(1, 2, 4, 4, 5, 2), // every tap of a corner output outside the plane but the centre
        same(2, 3, 4, 8, 3, 1), // rectangular
        same(2, 3, 32, 32, 3, 1), // rows of whole vectors: four output rows per input load
        same(2, 2, 6, 16, 3, 1), // a height no multiple of four
        same(1, 2, 16, 32, 3, 2), // wide and dilated: four rows of one parity at a time
        same(2, 2, 10, 16, 3, 2), // five rows of each parity: the last block is done again
        same(1, 2, 6, 16, 3, 2), // too few rows for a block: only the weight gradient is flat
        same(1, 2, 16, 16, 5, 1),
    };

    private static Tensor random(Backend b, RandomStream r, int... shape) {
        int size = 1;
        for (int s : shape) size *= s;
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = r.uniform(-1f, 1f);
        return Tensor.of(b, v, shape);
    }

    /** Output, input gradient, weight gradient of g on backend b, of relu(x) or x. */
    private static float[][] run(Backend b, ConvGeometry g, boolean relu) {
        RandomStream r = new RandomStream(7);
        Tensor x = random(b, r, g.n(), g.cin(), g.h(), g.w());
        Tensor w = random(b, r, g.cout(), 1, g.kh(), g.kw());
        Tensor gout = random(b, r, g.outShape());
        Tensor out = Tensor.empty(b, g.outShape()), gin = x.emptyLike(), gw = Tensor.zeros(b, g.cout(), 1, g.kh(), g.kw());
        if (relu) {
            b.reluConv2d(x, w, out, g);
            b.reluConv2dBackwardInput(x, gout, w, gin, g);
            b.reluConv2dBackwardWeight(x, gout, gw, g);
        } else {
            b.conv2d(x, w, out, g);
            b.conv2dBackwardInput(gout, w, gin, g);
            b.conv2dBackwardWeight(x, gout, gw, g);
        }
        return new float[][] {out.toArray(), gin.toArray(), gw.toArray()};
    }

    @Test
    void matchesTheScalarTwin() {
        String[] parts = {"output", "input gradient", "weight gradient"};
        for (ConvGeometry g : GEOMETRIES) {
            for (boolean relu : new boolean[] {false, true}) {
                float[][] v = run(VECTOR, g, relu), s = run(SCALAR, g, relu);
                for (int i = 0; i < parts.length; i++) VectorScalarTest.close(g + (relu ? " of relu(x) " : " ") + parts[i], v[i], s[i]);
            }
        }
    }

    @Test
    void takesStrideOneWindowsKeepingThePlaneWhereItLiesInWholeVectors() {
        assertEquals(Vec.L > 4, FlatWindow.correlates(same(1, 2, 4, 4, 5, 2)), "4x4 planes pack on " + Vec.L + " lanes");
        assertTrue(FlatWindow.fits(same(1, 2, 8, 8, 3, 1)), "8x8: two rows per vector on 16 lanes, one on 8");
        assertTrue(FlatWindow.correlates(same(1, 2, 32, 32, 3, 1)), "3x3 on rows of whole vectors");
        assertTrue(FlatWindow.correlates(same(1, 2, 32, 32, 3, 2)), "and at dilation 2 on 8 rows or more");
        assertFalse(FlatWindow.correlates(same(1, 2, 32, 32, 5, 1)), "5x5 windows on rows of whole vectors correlate in Window");
        assertTrue(FlatWindow.fits(same(1, 2, 32, 32, 5, 1)), "but their weight gradients are flat");
        assertFalse(FlatWindow.fits(same(1, 2, 7, 7, 3, 1)), "7 columns neither divide a vector nor fill one");
        assertFalse(FlatWindow.fits(ConvGeometry.of(new int[] {1, 2, 8, 8}, new int[] {2, 1, 3, 3}, 2, 1, 1, 2)), "stride 2");
        assertFalse(FlatWindow.fits(ConvGeometry.of(new int[] {1, 2, 4, 4}, new int[] {2, 1, 3, 3}, 1, 0, 1, 2)), "no padding: the plane shrinks");
    }
}
