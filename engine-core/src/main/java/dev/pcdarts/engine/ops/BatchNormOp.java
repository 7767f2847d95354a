package dev.pcdarts.engine.ops;

import dev.pcdarts.engine.autograd.FreshNode;
import dev.pcdarts.engine.autograd.Recompute;
import dev.pcdarts.engine.tensor.Shapes;
import dev.pcdarts.engine.tensor.Tensor;

/**
 * BatchNorm2d with PyTorch semantics. Training normalises with the batch mean and biased
 * variance and moves the running buffers by {@code momentum} (unbiased variance); evaluation
 * normalises with the running buffers.
 */
public final class BatchNormOp {
    private BatchNormOp() {}

    /** The batch-norm parameters and buffers a fused node needs: affine ones null when not affine. */
    public record Norm(Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float momentum, float eps) {}

    /** A training-mode batch norm's output and the batch statistics its backward needs. */
    record Trained(Tensor y, Tensor mean, Tensor invStd) {}

    /** Normalises p with its batch statistics and moves the running buffers: the BN end of a fused node. */
    static Trained train(Tensor p, Norm bn) {
        check(p, bn.gamma(), bn.beta(), bn.runningMean(), bn.runningVar(), true);
        var b = p.backend();
        Tensor y = p.emptyLike();
        Tensor mean = Tensor.empty(b, p.dim(1));
        Tensor invStd = Tensor.empty(b, p.dim(1));
        normalise(p, bn.gamma(), bn.beta(), y, mean, invStd, bn.runningMean(), bn.runningVar(), bn.momentum(), bn.eps());
        return new Trained(y, mean, invStd);
    }

    /**
     * The training kernel. When a recomputed block runs a second time ({@link Recompute#isReplaying})
     * the running buffers were already moved by its first run: the kernel moves copies instead.
     */
    private static void normalise(Tensor x, Tensor gamma, Tensor beta, Tensor out, Tensor mean, Tensor invStd,
                                  Tensor runningMean, Tensor runningVar, float momentum, float eps) {
        var b = x.backend();
        if (Recompute.isReplaying()) {
            Tensor m = runningMean.emptyLike(), v = runningVar.emptyLike();
            b.copy(runningMean, m);
            b.copy(runningVar, v);
            runningMean = m;
            runningVar = v;
        }
        b.batchNormTrain(x, gamma, beta, out, mean, invStd, runningMean, runningVar, momentum, eps);
    }

    /** The shape checks: 4-d input, parameters of its channel count, more than one value per channel to train. */
    static void check(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, boolean training) {
        Shapes.requireRank("batch_norm", x, 4);
        int c = x.dim(1);
        if (runningMean.numel() != c || runningVar.numel() != c || (gamma != null && gamma.numel() != c)
                || (beta != null && beta.numel() != c)) {
            throw new IllegalArgumentException("batch_norm: input " + Shapes.str(x.shape()) + " has " + c
                    + " channels but the parameters have " + runningMean.numel());
        }
        if (training && x.dim(0) * x.dim(2) * x.dim(3) < 2) {
            throw new IllegalArgumentException("batch_norm: training needs more than one value per channel, input "
                    + Shapes.str(x.shape()));
        }
    }

    public static Tensor apply(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                               boolean training, float momentum, float eps) {
        check(x, gamma, beta, runningMean, runningVar, training);
        int c = x.dim(1);
        var b = x.backend();
        Tensor out = x.emptyLike();
        Tensor mean = Tensor.empty(b, c);
        Tensor invStd = Tensor.empty(b, c);
        if (training) {
            normalise(x, gamma, beta, out, mean, invStd, runningMean, runningVar, momentum, eps);
        } else {
            b.copy(runningMean, mean);
            b.invStd(runningVar, eps, invStd);
            b.batchNormApply(x, mean, invStd, gamma, beta, out);
        }
        if (!Recording.needed(x, gamma, beta)) return out;
        return Recording.link(out, new FreshNode(x, gamma, beta) {
            @Override
            public Tensor[] backward(Tensor gradOut) {
                Tensor gx = needs(0) ? x.emptyLike() : null;
                Tensor gg = needs(1) ? gamma.emptyLike() : null;
                Tensor gb = needs(2) ? beta.emptyLike() : null;
                b.batchNormBackward(x, gradOut, mean, invStd, gamma, training, gx, gg, gb);
                return new Tensor[] {gx, gg, gb};
            }

            @Override
            public String name() {
                return "batch_norm";
            }
        });
    }
}
