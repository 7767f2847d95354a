package dev.pcdarts.nas.train;

import dev.pcdarts.engine.autograd.GradMode;
import dev.pcdarts.engine.ops.LossOps;
import dev.pcdarts.engine.optim.GradClip;
import dev.pcdarts.engine.optim.Sgd;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.loop.Batch;
import dev.pcdarts.nas.loop.DivergenceException;
import dev.pcdarts.nas.loop.GradientExchange;
import dev.pcdarts.nas.search.SearchNetwork;
import dev.pcdarts.nas.strategy.ArchitectureStrategy;
import java.util.List;

/**
 * One iteration of the reference's train_search loop: an architecture step on the validation
 * batch (when arch updates are on), then zero grads, forward and backward on the training batch,
 * gradient clipping and the SGD step.
 */
public final class SearchStep {
    private final SearchNetwork net;
    private final Sgd weightOptimizer;
    private final ArchitectureStrategy architect;
    private final double gradClip;
    private final List<Tensor> weights;
    private GradientExchange exchange = GradientExchange.single();

    public SearchStep(SearchNetwork net, Sgd weightOptimizer, ArchitectureStrategy architect, double gradClip) {
        this.net = net;
        this.weightOptimizer = weightOptimizer;
        this.architect = architect;
        this.gradClip = gradClip;
        this.weights = weightOptimizer.params();
    }

    /** Averages the weight gradients with the other replicas after backward. */
    public void setExchange(GradientExchange exchange) {
        this.exchange = exchange;
    }

    /** What a step measured: the training loss and logits. */
    public record Result(float loss, Tensor logits) {}

    public Result run(Batch train, Batch val, boolean archStep) {
        net.train(true);
        if (archStep) architect.step(train, val, weightOptimizer.lr(), weightOptimizer);
        weightOptimizer.zeroGrad();
        Tensor logits;
        float value;
        // The architecture's gradients from this pass would be cleared before the next architecture
        // step reads them (as in the reference): they are not computed.
        try (var arch = GradMode.frozen(net.archParameters().values())) {
            logits = net.forward(train.x());
            Tensor loss = LossOps.crossEntropy(logits, train.y(), 0f);
            value = loss.item();
            if (!Float.isFinite(value)) throw new DivergenceException("training loss is " + value);
            loss.backward();
        }
        exchange.average(weights, train.share());
        double norm = GradClip.clipGradNorm(weights, gradClip > 0 ? gradClip : Double.POSITIVE_INFINITY);
        if (!Double.isFinite(norm)) throw new DivergenceException("gradient norm is " + norm);
        weightOptimizer.step();
        return new Result(value, logits);
    }
}
