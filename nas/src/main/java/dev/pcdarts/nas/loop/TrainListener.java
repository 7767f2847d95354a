package dev.pcdarts.nas.loop;

import java.util.Map;

/**
 * Hooks of the search and training loops: logging, metrics, checkpoints and progress are
 * listeners. Every method has an empty default.
 */
public interface TrainListener {
    /** One optimisation step. {@code step} counts within the epoch from 0. */
    record StepStats(int epoch, int step, int steps, double loss, double top1, double top5, int images, double seconds) {}

    /**
     * One finished epoch. {@code arch} holds, for a search, the softmaxed alphas and the
     * edge-normalised betas by name; {@code genotype} is the derived genotype (search only).
     */
    record EpochStats(int epoch, int epochs, double lr, double trainLoss, double trainTop1, double trainTop5,
                      double validLoss, double validTop1, double validTop5, double seconds,
                      String genotype, Map<String, float[]> arch) {}

    /** The loop starts (or resumes) at step {@code startStep} of epoch {@code startEpoch}. */
    default void onStart(int epochs, int stepsPerEpoch, int startEpoch, int startStep) {}

    default void onStep(StepStats s) {}

    default void onEpoch(EpochStats s) {}

    /** After the epoch's checkpoint is safely on disk. */
    default void onCheckpoint(java.nio.file.Path file, int nextEpoch) {}

    default void onFinish(EpochStats last) {}
}
