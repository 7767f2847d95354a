package dev.pcdarts.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pcdarts.engine.autograd.Autograd;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.ops.ArithOps;
import dev.pcdarts.engine.ops.ChannelOps;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Shapes;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * concatPermuted gathers each part's channels in one call ({@link Backend#gatherChannels}); it
 * must give exactly concat-then-permute, forward and backward, also when it reads a part's
 * channels in place (partialMix), and a bad channel list is refused.
 */
class ChannelMixTest {
    private static final Backend B = new VectorBackend(2, true);

    private static Tensor random(int seed, int... shape) {
        RandomStream r = new RandomStream(seed);
        float[] v = new float[(int) Shapes.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        return Tensor.of(B, v, shape).requiresGrad(true);
    }

    @Test
    void sameAsConcatThenPermute() {
        int[] perm = ChannelOps.shufflePermutation(12, 4);
        Tensor a1 = random(1, 3, 3, 5, 5), b1 = random(2, 3, 9, 5, 5);
        Tensor a2 = random(1, 3, 3, 5, 5), b2 = random(2, 3, 9, 5, 5);
        Tensor y1 = ChannelOps.concatPermuted(List.of(a1, b1), perm, "mix");
        Tensor y2 = ChannelOps.permute(ChannelOps.concat(List.of(a2, b2)), perm, "mix");
        assertArrayEquals(y2.toArray(), y1.toArray(), 0f);
        Tensor g = random(3, 3, 12, 5, 5);
        Autograd.backward(y1, g);
        Autograd.backward(y2, g);
        assertArrayEquals(a2.grad().toArray(), a1.grad().toArray(), 0f);
        assertArrayEquals(b2.grad().toArray(), b1.grad().toArray(), 0f);
    }

    /**
     * The MixedOp pattern: x feeds a slice (through an op) and a partial mix that reads its other
     * channels in place. The slice's gradient is added into the mix's in place ({@code
     * accumulateInto}); x's gradient must be exactly that of slice, slice, concat, permute.
     */
    @Test
    void partialMixReadsTheBypassedChannelsInPlace() {
        int[] perm = ChannelOps.shufflePermutation(8, 4);
        Tensor x1 = random(4, 3, 8, 5, 5), x2 = random(4, 3, 8, 5, 5);
        Tensor y1 = ArithOps.scale(ChannelOps.slice(x1, 0, 2), 3f);
        Tensor m1 = ChannelOps.partialMix(y1, x1, 2, perm, "mix");
        Tensor y2 = ArithOps.scale(ChannelOps.slice(x2, 0, 2), 3f);
        Tensor m2 = ChannelOps.permute(ChannelOps.concat(List.of(y2, ChannelOps.slice(x2, 2, 8))), perm, "mix");
        assertArrayEquals(m2.toArray(), m1.toArray(), 0f);
        Tensor g = random(5, 3, 8, 5, 5);
        Autograd.backward(m1, g);
        Autograd.backward(m2, g);
        assertArrayEquals(x2.grad().toArray(), x1.grad().toArray(), 0f);
        assertThrows(IllegalArgumentException.class, () -> ChannelOps.partialMix(y1, x1, 9, perm, "mix"));
    }

    @Test
    void refusesChannelsOutOfRange() {
        Tensor src = random(1, 2, 3, 4, 4), dst = random(2, 2, 3, 4, 4);
        assertThrows(IllegalArgumentException.class, () -> B.gatherChannels(src, new int[] {3}, dst, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> B.gatherChannels(src, new int[] {0}, dst, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> B.gatherChannels(src, new int[] {0}, random(3, 2, 3, 2, 2), new int[] {0}));
    }
}
