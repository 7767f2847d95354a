package dev.pcdarts.nas.train;

import dev.pcdarts.engine.autograd.GradMode;
import dev.pcdarts.engine.nn.MacCounter;
import dev.pcdarts.engine.nn.Module;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.function.Function;

/** What a network costs: the multiply-accumulates of one image's forward pass, in evaluation mode. */
public final class ModelFigures {
    private ModelFigures() {}

    /** MACs of {@code forward} on one zero image of {@code channels}×{@code h}×{@code w}; the module's mode is restored. */
    public static long forwardMacs(Module net, Function<Tensor, ?> forward, int channels, int h, int w) {
        boolean training = net.isTraining();
        net.train(false);
        try (var s = GradMode.noGrad()) {
            Tensor x = Tensor.zeros(net.namedParameters().values().iterator().next().backend(), 1, channels, h, w);
            return MacCounter.count(() -> forward.apply(x));
        } finally {
            net.train(training);
        }
    }
}
