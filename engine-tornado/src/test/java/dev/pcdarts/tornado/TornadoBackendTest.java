package dev.pcdarts.tornado;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.backend.BackendOptions;
import dev.pcdarts.engine.backend.BackendProvider;
import dev.pcdarts.engine.backend.Backends;
import dev.pcdarts.engine.backend.ConvGeometry;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.vector.VectorBackend;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The provider, the plan cache and a few kernels against the CPU backend's scalar twins. */
class TornadoBackendTest {
    private static final TornadoBackend TORNADO = new TornadoBackend("");
    private static final Backend SCALAR = new VectorBackend(1, false);

    @Test
    void providerIsFoundAndAvailable() {
        BackendProvider p = Backends.providers().stream().filter(x -> x.name().equals("tornado")).findFirst().orElseThrow();
        assertTrue(p.isAvailable(), p.unavailableReason());
        assertEquals("tornado", Backends.select("tornado", new BackendOptions(1, -1)).name());
    }

    @Test
    void badDeviceIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TornadoBackend("7:9"));
        assertTrue(e.getMessage().contains("no TornadoVM device '7:9'"), e.getMessage());
    }

    @Test
    void planIsReusedAcrossTensorsOfOneSizeClass() {
        Tensor a = rand(1000, 1), b = rand(1000, 2), out = Tensor.zeros(TORNADO, 1000);
        TORNADO.add(a, b, out);
        int plans = TORNADO.compiledPlans();
        Tensor c = rand(900, 3), d = rand(900, 4), out2 = Tensor.zeros(TORNADO, 900);
        TORNADO.add(c, d, out2);
        assertEquals(plans, TORNADO.compiledPlans(), "a second add of the same size class compiled a new plan");
        for (int i = 0; i < 900; i++) assertEquals(c.data()[i] + d.data()[i], out2.data()[i]);
    }

    @Test
    void stridedDilatedGroupedConvolutionMatchesTheScalarTwin() {
        int[] xs = {2, 6, 9, 7}, ws = {4, 3, 3, 3};
        ConvGeometry g = ConvGeometry.of(xs, ws, 2, 2, 1, 2, 2, 1, 2);
        Tensor x = rand(2 * 6 * 9 * 7, 5).viewAs(xs), w = rand(4 * 3 * 9, 6).viewAs(ws);
        Tensor outT = Tensor.zeros(TORNADO, g.outShape()), outS = Tensor.zeros(SCALAR, g.outShape());
        TORNADO.conv2d(x, w, outT, g);
        SCALAR.conv2d(x, w, outS, g);
        assertArrayEquals(outS.data(), outT.data(), 1e-5f);
        Tensor gin = Tensor.zeros(TORNADO, xs), ginS = Tensor.zeros(SCALAR, xs);
        TORNADO.conv2dBackwardInput(outS, w, gin, g);
        SCALAR.conv2dBackwardInput(outS, w, ginS, g);
        assertArrayEquals(ginS.data(), gin.data(), 1e-4f);
        Tensor gw = Tensor.zeros(TORNADO, ws), gwS = Tensor.zeros(SCALAR, ws);
        TORNADO.conv2dBackwardWeight(x, outS, gw, g);
        SCALAR.conv2dBackwardWeight(x, outS, gwS, g);
        assertArrayEquals(gwS.data(), gw.data(), 1e-4f);
    }

    @Test
    void dotSumsInDoubleOverChunks() {
        Tensor a = rand(10_001, 7), b = rand(10_001, 8);
        double expect = 0;
        for (int i = 0; i < a.size(); i++) expect += (double) (a.data()[i] * b.data()[i]);
        assertEquals(expect, TORNADO.dot(a, b), 1e-9 * a.size());
    }

    private static Tensor rand(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return Tensor.of(TORNADO, v, n);
    }
}
