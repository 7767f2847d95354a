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
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The provider, the device memory and its transfers, and a few kernels against the CPU backend's scalar twins. */
class TornadoBackendTest {
    private static final TornadoBackend TORNADO = SharedTornado.BACKEND;
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
    void aKernelCompilesOnceForTheWholeRun() {
        Tensor a = rand(1000, 1), b = rand(1000, 2), out = Tensor.zeros(TORNADO, 1000);
        TORNADO.add(a, b, out);
        Tensor c = rand(90_000, 3), d = rand(90_000, 4), out2 = Tensor.zeros(TORNADO, 90_000);
        long plans = TORNADO.compiledPlans(); // the uploads of another staging size compiled theirs
        TORNADO.add(c, d, out2);
        assertEquals(plans, TORNADO.compiledPlans(), "an add of another size compiled a new plan");
        float[] cv = c.toArray(), dv = d.toArray(), ov = out2.toArray();
        for (int i = 0; i < cv.length; i++) assertEquals(cv[i] + dv[i], ov[i]);
    }

    @Test
    void kernelsMoveNoTensorBetweenHostAndDevice() {
        Tensor a = rand(5000, 9), b = rand(5000, 10), out = Tensor.zeros(TORNADO, 5000);
        float[] av = a.toArray(), bv = b.toArray();
        Map<String, Long> before = TORNADO.transferStats();
        TORNADO.add(a, b, out);
        TORNADO.relu(out, out);
        TORNADO.axpy(0.5f, a, out);
        Map<String, Long> after = TORNADO.transferStats();
        assertEquals(before.get("host_to_device"), after.get("host_to_device"));
        assertEquals(before.get("device_to_host"), after.get("device_to_host"));
        assertEquals(3, after.get("kernel_launches") - before.get("kernel_launches"));
        float[] ov = out.toArray();
        assertEquals(1, TORNADO.transferStats().get("device_to_host") - after.get("device_to_host"), "one download, one transfer");
        for (int i = 0; i < av.length; i++) assertEquals(Math.max(av[i] + bv[i], 0f) + 0.5f * av[i], ov[i]);
    }

    @Test
    void uploadsLargerThanTheBiggestStagingBufferArriveWhole() {
        int n = (16 << 20) / 4 * 2 + 12_345; // two and a bit of the largest staging buffers
        Tensor t = rand(n, 11);
        Random r = new Random(11);
        float[] v = t.toArray();
        for (int i = 0; i < n; i++) assertEquals((float) r.nextGaussian(), v[i]);
    }

    @Test
    void stridedDilatedGroupedConvolutionMatchesTheScalarTwin() {
        int[] xs = {2, 6, 9, 7}, ws = {4, 3, 3, 3};
        ConvGeometry g = ConvGeometry.of(xs, ws, 2, 2, 1, 2, 2, 1, 2);
        Tensor x = rand(2 * 6 * 9 * 7, 5).viewAs(xs), w = rand(4 * 3 * 9, 6).viewAs(ws);
        Tensor xS = onScalar(x), wS = onScalar(w);
        Tensor outT = Tensor.zeros(TORNADO, g.outShape()), outS = Tensor.zeros(SCALAR, g.outShape());
        TORNADO.conv2d(x, w, outT, g);
        SCALAR.conv2d(xS, wS, outS, g);
        assertArrayEquals(outS.data(), outT.toArray(), 1e-5f);
        Tensor outOnT = Tensor.of(TORNADO, outS.data(), g.outShape());
        Tensor gin = Tensor.zeros(TORNADO, xs), ginS = Tensor.zeros(SCALAR, xs);
        TORNADO.conv2dBackwardInput(outOnT, w, gin, g);
        SCALAR.conv2dBackwardInput(outS, wS, ginS, g);
        assertArrayEquals(ginS.data(), gin.toArray(), 1e-4f);
        Tensor gw = Tensor.zeros(TORNADO, ws), gwS = Tensor.zeros(SCALAR, ws);
        TORNADO.conv2dBackwardWeight(x, outOnT, gw, g);
        SCALAR.conv2dBackwardWeight(xS, outS, gwS, g);
        assertArrayEquals(gwS.data(), gw.toArray(), 1e-4f);
    }

    @Test
    void dotSumsInDoubleOverChunks() {
        Tensor a = rand(10_001, 7), b = rand(10_001, 8);
        float[] av = a.toArray(), bv = b.toArray();
        double expect = 0;
        for (int i = 0; i < av.length; i++) expect += (double) (av[i] * bv[i]);
        assertEquals(expect, TORNADO.dot(a, b), 1e-9 * av.length);
    }

    private static Tensor onScalar(Tensor t) {
        return Tensor.of(SCALAR, t.toArray(), t.shape());
    }

    private static Tensor rand(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return Tensor.of(TORNADO, v, n);
    }
}
