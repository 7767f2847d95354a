package dev.pcdarts.vector;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.backend.BackendOptions;
import dev.pcdarts.engine.backend.BackendUnavailableException;
import dev.pcdarts.engine.backend.Backends;
import dev.pcdarts.engine.ops.ArithOps;
import dev.pcdarts.engine.ops.ChannelOps;
import dev.pcdarts.engine.ops.Conv2dOp;
import dev.pcdarts.engine.ops.LinearOp;
import dev.pcdarts.engine.ops.LossOps;
import dev.pcdarts.engine.ops.PoolOps;
import dev.pcdarts.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Impossible shapes and unknown backends give exceptions that name the operator and the shapes. */
class BadInputTest {
    private static final VectorBackend B = new VectorBackend(1, true);

    private static void rejects(Executable e, String... mustMention) {
        Exception ex = assertThrows(IllegalArgumentException.class, e);
        for (String s : mustMention) assertTrue(ex.getMessage().contains(s), "'" + ex.getMessage() + "' should mention " + s);
    }

    @Test
    void convolutionShapes() {
        rejects(() -> Conv2dOp.apply(Tensor.zeros(B, 1, 6, 4, 4), Tensor.zeros(B, 4, 2, 3, 3), 1, 1, 1, 4),
                "conv2d", "[1, 6, 4, 4]", "groups=4");
        rejects(() -> Conv2dOp.apply(Tensor.zeros(B, 1, 3, 2, 2), Tensor.zeros(B, 4, 3, 5, 5), 1, 0, 1, 1),
                "conv2d", "[4, 3, 5, 5]", "kernel larger");
        rejects(() -> Conv2dOp.apply(Tensor.zeros(B, 1, 3, 8, 8), Tensor.zeros(B, 4, 2, 3, 3), 1, 1, 1, 1),
                "conv2d", "input channels");
    }

    @Test
    void elementwiseAndLayoutShapes() {
        rejects(() -> ArithOps.add(Tensor.zeros(B, 2, 3), Tensor.zeros(B, 3, 2)), "add", "[2, 3]", "[3, 2]");
        rejects(() -> ChannelOps.concat(java.util.List.of(Tensor.zeros(B, 1, 2, 4, 4), Tensor.zeros(B, 1, 2, 2, 2))), "concat");
        rejects(() -> ChannelOps.shuffle(Tensor.zeros(B, 1, 6, 2, 2), 4), "channel_shuffle", "groups=4");
        rejects(() -> LinearOp.apply(Tensor.zeros(B, 2, 5), Tensor.zeros(B, 3, 4), null), "linear", "[2, 5]");
        rejects(() -> PoolOps.maxPool(Tensor.zeros(B, 1, 1, 2, 2), 5, 1, 0), "max_pool", "kernel larger");
        rejects(() -> LossOps.crossEntropy(Tensor.zeros(B, 2, 3), new int[] {0, 3}, 0f), "cross_entropy", "target 3");
    }

    @Test
    void backendSelection() {
        var e = assertThrows(BackendUnavailableException.class, () -> Backends.select("cuda-magic", new BackendOptions(1, -1)));
        assertTrue(e.getMessage().contains("cuda-magic") && e.getMessage().contains("vector"), e.getMessage());
        assertTrue(Backends.select("VECTOR", new BackendOptions(1, 0)) instanceof VectorBackend vb && !vb.isVector());
        assertTrue(Backends.select(null, new BackendOptions(1, -1)).name().equals("vector"));
    }
}
