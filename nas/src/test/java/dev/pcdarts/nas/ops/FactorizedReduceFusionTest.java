package dev.pcdarts.nas.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pcdarts.engine.autograd.Autograd;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.vector.VectorBackend;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FactorizedReduce as one fused node gives the same bits as its layers one by one, forward and backward. */
class FactorizedReduceFusionTest {
    private static final Backend B = new VectorBackend(2, true);

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void fusedIsBitIdenticalToLayerByLayer(boolean affine) {
        FactorizedReduce fused = new FactorizedReduce(new Init(B, new RandomStream(4)), 6, 8, affine);
        FactorizedReduce layers = new FactorizedReduce(new Init(B, new RandomStream(4)), 6, 8, affine);
        RandomStream r = new RandomStream(9);
        float[] xv = new float[5 * 6 * 8 * 8];
        for (int i = 0; i < xv.length; i++) xv[i] = (float) r.nextGaussian();
        Tensor x1 = Tensor.of(B, xv, 5, 6, 8, 8).requiresGrad(true);
        Tensor x2 = Tensor.of(B, xv, 5, 6, 8, 8).requiresGrad(true);
        Tensor y1 = fused.forward(x1);
        Tensor y2 = layers.forwardLayers(x2);
        assertEquals("factorized_reduce", y1.gradFn().name());
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
