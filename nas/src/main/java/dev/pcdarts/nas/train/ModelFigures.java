package dev.pcdarts.nas.train;

import dev.pcdarts.engine.autograd.GradMode;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.nn.MacCounter;
import dev.pcdarts.engine.nn.Module;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.eval.EvalNetwork;
import java.util.function.Function;

/** What a network costs: the multiply-accumulates of one image's forward pass, in evaluation mode. */
public final class ModelFigures {
    private ModelFigures() {}

    /** Parameters (without and with the auxiliary head, the paper counting the first) and the MACs of one image. */
    public record Figures(long parameters, long parametersWithAuxiliary, long macs) {}

    /**
     * The figures of the evaluation network {@code cfg} (built with the auxiliary head, so both
     * counts exist) on {@code size}×{@code size} RGB images; a network that cannot be built or
     * cannot take that size throws IllegalArgumentException.
     */
    public static Figures of(Backend backend, EvalNetwork.Config cfg, int size) {
        EvalNetwork net = new EvalNetwork(new Init(backend, new RandomStream(0)), cfg);
        return new Figures(net.parameterCountWithoutAuxiliary(), net.parameterCount(), forwardMacs(net, net::forward, 3, size, size));
    }

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
