package dev.pcdarts.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.autograd.Autograd;
import dev.pcdarts.engine.autograd.GradMode;
import dev.pcdarts.engine.autograd.Recompute;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.backend.KernelProfile;
import dev.pcdarts.engine.nn.AvgPool2d;
import dev.pcdarts.engine.nn.BatchNorm2d;
import dev.pcdarts.engine.nn.Conv2d;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.nn.MaxPool2d;
import dev.pcdarts.engine.nn.Relu;
import dev.pcdarts.engine.nn.Sequential;
import dev.pcdarts.engine.nn.UnaryModule;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Sequential runs ReLU → conv(s) → BN and pool → BN as one fused node that recomputes its
 * intermediates in backward (or, keeping activations, all but batch norm's input); output, input
 * gradient, parameter gradients and running statistics must be the same bits as running the same
 * layers one by one.
 */
class FusionTest {
    private static final Backend B = new VectorBackend(2, true);

    /**
     * A separable half (depthwise 3x3 stride 2 + 1x1) or a ReLU-conv-BN (one 1x1), affine or not;
     * a max pool (stride 1) or an average pool (stride 2) with an affine-free BN.
     */
    private static Sequential block(int variant) {
        Init init = new Init(B, new RandomStream(11));
        boolean affine = variant % 2 == 1;
        return switch (variant) {
            case 0, 1 -> new Sequential(new Relu(), new Conv2d(init, 4, 4, 3, 2, 1, 1, 4), new Conv2d(init, 4, 6, 1, 1, 0, 1, 1),
                    new BatchNorm2d(init, 6, affine));
            case 2, 3 -> new Sequential(new Relu(), new Conv2d(init, 4, 6, 1, 1, 0, 1, 1), new BatchNorm2d(init, 6, affine));
            case 4 -> new Sequential(new MaxPool2d(3, 1, 1), new BatchNorm2d(init, 4, false));
            default -> new Sequential(new AvgPool2d(3, 2, 1), new BatchNorm2d(init, 4, false));
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void fusedIsBitIdenticalToLayerByLayer(int variant) {
        check(variant, true);
    }

    /** Keeping batch norm's input instead of recomputing it changes nothing either. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void keepingActivationsIsBitIdenticalToLayerByLayer(int variant) {
        check(variant, false);
    }

    /**
     * In evaluation without gradients the first convolution reads relu(x) itself (no ReLU kernel
     * runs) and batch norm, with running statistics a training pass moved, runs on its own: the
     * output is the layers' bits.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void evaluationWithoutGradientsReadsReluInTheConvolutionWithTheSameBits(int variant) {
        RandomStream r = new RandomStream(5);
        float[] xv = new float[5 * 4 * 9 * 9];
        for (int i = 0; i < xv.length; i++) xv[i] = (float) r.nextGaussian();
        Sequential fused = block(variant);
        Sequential layers = block(variant);
        KernelProfile profile = new KernelProfile();
        Backend counted = profile.wrap(B);
        try (var noGrad = GradMode.noGrad()) {
            fused.forward(Tensor.of(B, xv, 5, 4, 9, 9)); // training: moves the running statistics
            Tensor t = Tensor.of(B, xv, 5, 4, 9, 9);
            for (UnaryModule m : layers.layers()) t = m.forward(t);
            fused.train(false);
            layers.train(false);
            profile.record(true);
            Tensor y1 = fused.forward(Tensor.of(counted, xv, 5, 4, 9, 9));
            profile.record(false);
            Tensor y2 = Tensor.of(B, xv, 5, 4, 9, 9);
            for (UnaryModule m : layers.layers()) y2 = m.forward(y2);
            assertArrayEquals(y2.toArray(), y1.toArray(), 0f, "output");
        }
        Map<String, Object> kernels = profile.perIteration(1, 1, Double.NaN);
        assertFalse(kernels.containsKey("relu"), kernels.toString());
        assertTrue(kernels.keySet().stream().anyMatch(k -> k.startsWith("reluConv2d")), kernels.toString());
        assertTrue(kernels.containsKey("batchNormApply"), kernels.toString());
    }

    private static void check(int variant, boolean recompute) {
        RandomStream r = new RandomStream(3);
        float[] xv = new float[5 * 4 * 9 * 9];
        for (int i = 0; i < xv.length; i++) xv[i] = (float) r.nextGaussian();
        Sequential fused = block(variant);
        Sequential layers = block(variant);
        Tensor x1 = Tensor.of(B, xv, 5, 4, 9, 9).requiresGrad(true);
        Tensor x2 = Tensor.of(B, xv, 5, 4, 9, 9).requiresGrad(true);
        Tensor y1;
        try (var mode = Recompute.set(recompute)) {
            y1 = fused.forward(x1);
        }
        Tensor y2 = x2;
        for (UnaryModule m : layers.layers()) y2 = m.forward(y2);
        assertEquals(variant < 4 ? "relu_conv_bn" : variant == 4 ? "max_pool_bn" : "avg_pool_bn", y1.gradFn().name());
        assertArrayEquals(y2.toArray(), y1.toArray(), 0f, "output");
        float[] gv = new float[y1.size()];
        for (int i = 0; i < gv.length; i++) gv[i] = (float) r.nextGaussian();
        Autograd.backward(y1, Tensor.of(B, gv, y1.shape()));
        Autograd.backward(y2, Tensor.of(B, gv, y2.shape()));
        assertArrayEquals(x2.grad().toArray(), x1.grad().toArray(), 0f, "input gradient");
        Map<String, Tensor> p1 = fused.namedParameters(), p2 = layers.namedParameters();
        for (String k : p1.keySet()) assertArrayEquals(p2.get(k).grad().toArray(), p1.get(k).grad().toArray(), 0f, k);
        Map<String, Tensor> b1 = fused.namedBuffers(), b2 = layers.namedBuffers();
        for (String k : b1.keySet()) assertArrayEquals(b2.get(k).toArray(), b1.get(k).toArray(), 0f, k);
    }
}
