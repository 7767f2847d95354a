package dev.pcdarts.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.backend.ConvGeometry;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Weight gradients summed over fixed runs of samples and batch statistics taken row by row:
 * the same bits on 1, 2 and 3 threads (the runs are fixed by the shape alone), and the values of
 * the scalar twins and of a sum in double.
 */
class SampleRunsTest {
    private static final Backend[] VECTOR = {new VectorBackend(1, true), new VectorBackend(2, true), new VectorBackend(3, true)};
    private static final Backend SCALAR = new VectorBackend(2, false);

    /** Batch of n, c channels of hw×hw, kernel k, stride, pad, dilation, groups (c for depthwise). */
    private static ConvGeometry geometry(int n, int cin, int cout, int hw, int k, int stride, int pad, int dil, int groups) {
        return ConvGeometry.of(new int[] {n, cin, hw, hw}, new int[] {cout, cin / groups, k, k}, stride, pad, dil, groups);
    }

    private static final ConvGeometry[] CONVS = {
        geometry(37, 4, 4, 32, 3, 1, 1, 1, 4), // depthwise, 16 runs of 2-3 samples
        geometry(64, 16, 16, 8, 5, 1, 4, 2, 16), // dilated 5x5 on 8x8 planes: 2 runs on 16 lanes, 5 on 8
        geometry(40, 6, 6, 8, 3, 1, 1, 1, 6), // 3x3 on 8x8 planes, two rows per vector on 16 lanes
        geometry(9, 5, 5, 15, 3, 2, 1, 1, 5), // strided, odd channels, planes no multiple of the vector length
        geometry(20, 6, 10, 12, 1, 2, 0, 1, 1), // FactorizedReduce's 1x1 stride-2 convolution (im2col)
        geometry(12, 8, 12, 16, 1, 1, 0, 1, 1), // a cell's 1x1 preprocessing: lane sums carried across samples
        geometry(10, 8, 4, 8, 1, 1, 0, 1, 1), // the same on 8x8 planes: samples transposed
        geometry(6, 3, 5, 7, 1, 1, 0, 1, 1), // channels no multiple of 4: a product per sample
        geometry(11, 3, 8, 9, 3, 1, 1, 1, 1), // a dense 3x3 convolution (im2col)
    };

    private static float[] random(RandomStream r, long size) {
        float[] v = new float[Math.toIntExact(size)];
        for (int i = 0; i < v.length; i++) v[i] = r.uniform(-1f, 1f);
        return v;
    }

    private static float[] weightGradient(Backend b, ConvGeometry g, boolean relu) {
        RandomStream r = new RandomStream(11);
        int[] in = {g.n(), g.cin(), g.h(), g.w()};
        int[] ws = {g.cout(), g.cin() / g.groups(), g.kh(), g.kw()};
        Tensor x = Tensor.of(b, random(r, (long) g.n() * g.cin() * g.h() * g.w()), in);
        int[] out = g.outShape();
        Tensor gout = Tensor.of(b, random(r, (long) out[0] * out[1] * out[2] * out[3]), out);
        Tensor gw = Tensor.zeros(b, ws);
        if (relu) b.reluConv2dBackwardWeight(x, gout, gw, g);
        else b.conv2dBackwardWeight(x, gout, gw, g);
        return gw.toArray();
    }

    @Test
    void weightGradientsDoNotDependOnTheThreads() {
        for (ConvGeometry g : CONVS) {
            for (boolean relu : new boolean[] {false, true}) {
                String what = g + (relu ? " of relu(x)" : "");
                float[] one = weightGradient(VECTOR[0], g, relu);
                for (int t = 1; t < VECTOR.length; t++) assertArrayEquals(one, weightGradient(VECTOR[t], g, relu), what + ", " + (t + 1) + " threads");
                VectorScalarTest.close(what + " against the scalar twin", one, weightGradient(SCALAR, g, relu));
            }
        }
    }

    /** Reading relu(x) sample by sample inside the product gives the bits of a ReLU into a tensor first. */
    @Test
    void fusedReluWeightGradientsAreTheBitsOfAReluTensor() {
        for (ConvGeometry g : CONVS) {
            if (!VECTOR[1].fusesReluInto(g)) continue;
            Backend b = VECTOR[1];
            RandomStream r = new RandomStream(11);
            Tensor x = Tensor.of(b, random(r, (long) g.n() * g.cin() * g.h() * g.w()), g.n(), g.cin(), g.h(), g.w());
            int[] out = g.outShape();
            Tensor gout = Tensor.of(b, random(r, (long) out[0] * out[1] * out[2] * out[3]), out);
            Tensor relu = x.emptyLike();
            b.relu(x, relu);
            Tensor fused = Tensor.zeros(b, g.cout(), g.cin() / g.groups(), g.kh(), g.kw()), layered = Tensor.zeros(b, fused.shape());
            b.reluConv2dBackwardWeight(x, gout, fused, g);
            b.conv2dBackwardWeight(relu, gout, layered, g);
            assertArrayEquals(layered.toArray(), fused.toArray(), g.toString());
        }
    }

    /** The runs are fixed by the shape and the vector width (the lane sums they keep), never by the threads. */
    @Test
    void runsAreFixedByTheShape() {
        int dilated = switch (Vec.L) { // 64 samples of 8x8 planes, 25 taps: 64·64/(4·25·L)
            case 4 -> 10;
            case 8 -> 5;
            case 16 -> 2;
            default -> throw new AssertionError("a vector of " + Vec.L + " floats");
        };
        assertEquals(16, DepthwiseKernels.weightRuns(64, 32 * 32, 9));
        assertEquals(dilated, DepthwiseKernels.weightRuns(64, 8 * 8, 25));
        assertEquals(1, DepthwiseKernels.weightRuns(1, 32 * 32, 9));
        assertEquals(1, DepthwiseKernels.weightRuns(3, 4 * 4, 25));
    }

    @Test
    void batchStatisticsMatchASumInDouble() {
        int n = 13, c = 3, hw = 7 * 9;
        RandomStream r = new RandomStream(3);
        float[] x = random(r, (long) n * c * hw);
        for (int i = 0; i < x.length; i++) x[i] = 1000f + 0.5f * x[i] + (i / hw % c); // a large offset: the case one-pass sums of squares lose
        double[] mean = new double[c], var = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int i = 0; i < n; i++) for (int k = 0; k < hw; k++) s += x[(i * c + ch) * hw + k];
            mean[ch] = s / (n * hw);
            double q = 0;
            for (int i = 0; i < n; i++) for (int k = 0; k < hw; k++) q += Math.pow(x[(i * c + ch) * hw + k] - mean[ch], 2);
            var[ch] = q / (n * hw);
        }
        double[][] got = null;
        for (boolean vector : new boolean[] {true, false}) {
            for (int threads = 1; threads <= 3; threads++) {
                double[] m = new double[c], v = new double[c];
                BatchNormKernels.stats(new Rows(vector), new Parallel(threads), x, n, c, hw, m, v);
                for (int ch = 0; ch < c; ch++) {
                    assertEquals(mean[ch], m[ch], 1e-7 * Math.abs(mean[ch]), "mean " + ch); // rows summed in float
                    assertTrue(Math.abs(v[ch] - var[ch]) <= 1e-6 * var[ch], "variance " + ch + ": " + v[ch] + " against " + var[ch]);
                }
                if (!vector) continue;
                if (got == null) got = new double[][] {m, v};
                assertArrayEquals(got[0], m, 0.0, threads + " threads");
                assertArrayEquals(got[1], v, 0.0, threads + " threads");
            }
        }
    }
}
