package dev.pcdarts.engine.nn;

import dev.pcdarts.engine.ops.BatchNormOp;
import dev.pcdarts.engine.tensor.Tensor;

/** BatchNorm2d(C, eps=1e-5, momentum=0.1), affine or not, running statistics tracked. */
public final class BatchNorm2d extends UnaryModule {
    public static final float EPS = 1e-5f;
    public static final float MOMENTUM = 0.1f;
    private final Tensor gamma;
    private final Tensor beta;
    private final Tensor runningMean;
    private final Tensor runningVar;

    public BatchNorm2d(Init init, int channels, boolean affine) {
        this.gamma = affine ? param("weight", init.filled(1f, channels)) : null;
        this.beta = affine ? param("bias", init.filled(0f, channels)) : null;
        this.runningMean = buffer("running_mean", init.filled(0f, channels));
        this.runningVar = buffer("running_var", init.filled(1f, channels));
    }

    /** The parameters and buffers, for a fused ReLU → conv → BN. */
    public BatchNormOp.Norm norm() {
        return new BatchNormOp.Norm(gamma, beta, runningMean, runningVar, MOMENTUM, EPS);
    }

    @Override
    public Tensor forward(Tensor x) {
        return BatchNormOp.apply(x, gamma, beta, runningMean, runningVar, isTraining(), MOMENTUM, EPS);
    }
}
