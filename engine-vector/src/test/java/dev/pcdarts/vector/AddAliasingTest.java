package dev.pcdarts.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** add(a, b, out) is right whichever input the output is (it used to copy a over b first). */
class AddAliasingTest {
    @Test
    void outputMayBeEitherInput() {
        for (Backend be : new Backend[] {new VectorBackend(1, true), new VectorBackend(1, false)}) {
            float[] av = new float[37], bv = new float[37], sum = new float[37];
            for (int i = 0; i < 37; i++) {
                av[i] = i * 0.5f - 3;
                bv[i] = 10 - i * 0.25f;
                sum[i] = av[i] + bv[i];
            }
            Tensor a = Tensor.of(be, av, 37), b = Tensor.of(be, bv, 37);
            be.add(a, b, b);
            assertArrayEquals(sum, b.data(), 0f, be.describe() + ": out = b");
            Tensor c = Tensor.of(be, av, 37), d = Tensor.of(be, bv, 37);
            be.add(c, d, c);
            assertArrayEquals(sum, c.data(), 0f, be.describe() + ": out = a");
        }
    }
}
