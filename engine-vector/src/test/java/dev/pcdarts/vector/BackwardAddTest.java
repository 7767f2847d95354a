package dev.pcdarts.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.autograd.Autograd;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.backend.ConvGeometry;
import dev.pcdarts.engine.backend.PoolGeometry;
import dev.pcdarts.engine.nn.AvgPool2d;
import dev.pcdarts.engine.nn.BatchNorm2d;
import dev.pcdarts.engine.nn.Conv2d;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.nn.MaxPool2d;
import dev.pcdarts.engine.nn.Relu;
import dev.pcdarts.engine.nn.Sequential;
import dev.pcdarts.engine.nn.UnaryModule;
import dev.pcdarts.engine.ops.ArithOps;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The input-gradient kernels that add into a gradient sum (backward's second contribution to a
 * tensor) give the bits of the kernel into a fresh tensor followed by an axpy of 1, on the vector
 * kernels and their scalar twins; and a graph whose input feeds two fused units takes that route
 * and gets the input gradient of the same layers run one by one, bit for bit.
 */
class BackwardAddTest {
    private static final VectorBackend[] BACKENDS = {new VectorBackend(2, true), new VectorBackend(2, false)};

    private static Tensor random(Backend b, long seed, int... shape) {
        RandomStream r = new RandomStream(seed);
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return Tensor.of(b, v, shape);
    }

    /** Kind 0-2: depthwise ReLU-conv (3x3, 5x5 stride 2, 3x3 dilation 2); 3-4: max pool stride 1/2; 5-6: average pool; 7: ReLU. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
    void addingIsTheKernelThenAnAxpy(int kind) {
        for (int v = 0; v < BACKENDS.length; v++) {
            VectorBackend b = BACKENDS[v];
            int[] xs = {3, 5, 11, 13};
            Tensor x = random(b, 1, xs), sum = random(b, 2, xs);
            Tensor expected = sum.detachCopy(), fresh = x.emptyLike();
            if (kind <= 2) {
                int k = kind == 1 ? 5 : 3, stride = kind == 1 ? 2 : 1, dil = kind == 2 ? 2 : 1, pad = dil * (k - 1) / 2;
                Tensor w = random(b, 3, 5, 1, k, k);
                ConvGeometry g = ConvGeometry.of(xs, w.shape(), stride, pad, dil, 5);
                Tensor gout = random(b, 4, g.outShape());
                b.reluConv2dBackwardInput(x, gout, w, fresh, g);
                b.reluConv2dBackwardInputAdd(x, gout, w, sum, g);
            } else if (kind <= 6) {
                boolean max = kind <= 4;
                PoolGeometry g = PoolGeometry.of(max ? "max" : "avg", xs, 3, kind % 2 == 1 ? 1 : 2, 1);
                Tensor out = Tensor.empty(b, g.outShape());
                if (max) b.maxPool(x, out, g);
                Tensor gout = random(b, 4, g.outShape());
                if (max) {
                    b.maxPoolBackward(x, out, gout, fresh, g);
                    b.maxPoolBackwardAdd(x, out, gout, sum, g);
                } else {
                    b.avgPoolBackward(gout, fresh, g);
                    b.avgPoolBackwardAdd(gout, sum, g);
                }
            } else {
                Tensor gout = random(b, 4, xs);
                b.reluBackward(x, gout, fresh);
                b.reluBackwardAdd(x, gout, sum);
            }
            b.axpy(1f, fresh, expected);
            assertArrayEquals(bits(expected), bits(sum), (v == 0 ? "vector" : "scalar") + " kernels, kind " + kind);
        }
    }

    /** A separable half (depthwise 3x3 + 1x1), a 1x1 ReLU-conv, a max pool and an average pool, each with BN. */
    private static Sequential block(Backend b, int variant, long seed) {
        Init init = new Init(b, new RandomStream(seed));
        return switch (variant) {
            case 0 -> new Sequential(new Relu(), new Conv2d(init, 4, 4, 3, 1, 1, 1, 4), new Conv2d(init, 4, 4, 1, 1, 0, 1, 1),
                    new BatchNorm2d(init, 4, false));
            case 1 -> new Sequential(new Relu(), new Conv2d(init, 4, 4, 1, 1, 0, 1, 1), new BatchNorm2d(init, 4, true));
            case 2 -> new Sequential(new MaxPool2d(3, 1, 1), new BatchNorm2d(init, 4, false));
            default -> new Sequential(new AvgPool2d(3, 1, 1), new BatchNorm2d(init, 4, false));
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void anInputFeedingTwoFusedUnitsGetsTheLayerByLayerGradient(int variant) {
        Map<String, Integer> calls = new ConcurrentHashMap<>();
        Backend counted = counting(BACKENDS[0], calls);
        Tensor x1 = random(counted, 7, 5, 4, 9, 9).requiresGrad(true);
        Tensor x2 = random(BACKENDS[0], 7, 5, 4, 9, 9).requiresGrad(true);
        Tensor fused = ArithOps.add(block(counted, variant, 11).forward(x1), block(counted, variant, 12).forward(x1));
        Tensor layered = ArithOps.add(layers(block(BACKENDS[0], variant, 11), x2), layers(block(BACKENDS[0], variant, 12), x2));
        assertArrayEquals(bits(layered), bits(fused), "output");
        Tensor g = random(BACKENDS[0], 13, fused.shape());
        Autograd.backward(fused, Tensor.of(counted, g.toArray(), g.shape()));
        Autograd.backward(layered, g);
        assertArrayEquals(bits(x2.grad()), bits(x1.grad()), "input gradient");
        assertTrue(calls.keySet().stream().anyMatch(m -> m.endsWith("Add")), "the second unit added into the sum: " + calls.keySet());
    }

    private static Tensor layers(Sequential s, Tensor x) {
        for (UnaryModule m : s.layers()) x = m.forward(x);
        return x;
    }

    private static Backend counting(Backend real, Map<String, Integer> calls) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, m, args) -> {
            calls.merge(m.getName(), 1, Integer::sum);
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static int[] bits(Tensor t) {
        float[] v = t.toArray();
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Float.floatToRawIntBits(v[i]);
        return b;
    }
}
