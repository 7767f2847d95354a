package dev.pcdarts.nas.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.ops.LossOps;
import dev.pcdarts.engine.rng.Rng;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.vector.VectorBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Same seed, 1 thread and 2 threads (or 2 of 3): bit-identical logits, loss and every gradient. */
class ThreadDeterminismTest {
    private static List<float[]> run(Backend b) {
        Rng rng = new Rng(42);
        SearchNetwork net = new SearchNetwork(new Init(b, rng.stream("init")), rng.stream("arch"), rng.stream("channels"),
                SearchNetwork.Config.cifar(16, 10, 5, Relaxation.PC_DARTS)); // big enough that kernels split over threads
        var data = rng.stream("data");
        float[] x = new float[4 * 3 * 32 * 32];
        for (int i = 0; i < x.length; i++) x[i] = (float) data.nextGaussian();
        Tensor logits = net.forward(Tensor.of(b, x, 4, 3, 32, 32));
        Tensor loss = LossOps.crossEntropy(logits, new int[] {1, 7, 3, 0}, 0f);
        loss.backward();
        List<float[]> out = new ArrayList<>();
        out.add(logits.toArray());
        out.add(loss.toArray());
        net.namedParameters().values().forEach(p -> out.add(p.grad().toArray()));
        net.archParameters().values().forEach(p -> out.add(p.grad().toArray()));
        net.namedBuffers().values().forEach(p -> out.add(p.toArray()));
        return out;
    }

    @Test
    void oneAndTwoThreadsGiveTheSameBits() {
        for (boolean vector : new boolean[] {true, false}) {
            List<float[]> one = run(new VectorBackend(1, vector));
            List<float[]> two = run(new VectorBackend(2, vector));
            Backend limited = new VectorBackend(3, vector);
            limited.useThreads(2); // as bench --scaling switches
            List<float[]> twoOfThree = run(limited);
            for (int i = 0; i < one.size(); i++) {
                assertArrayEquals(one.get(i), two.get(i), "tensor " + i + (vector ? " (vector)" : " (scalar)"));
                assertArrayEquals(one.get(i), twoOfThree.get(i), "tensor " + i + " with 2 of 3 threads" + (vector ? " (vector)" : " (scalar)"));
            }
        }
    }
}
