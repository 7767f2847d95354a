package dev.pcdarts.nas.loop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link EpochLoop} runs: a search or a training, step by step. The loop owns the order of
 * things (batches, meters, records, checkpoints, stopping); a job owns its model, optimisers and
 * what a step computes.
 */
public interface LoopJob {
    /** What one step measured: its training loss and the logits of the batch (on the host). */
    record StepResult(float loss, float[] logits) {}

    int epochs();

    int classes();

    /** Whether a step recomputes activations in backward instead of keeping them ({@link StepScope}). */
    boolean recomputeActivations();

    /** The learning rate of epoch {@code epoch}, set before its first step. */
    double beginEpoch(int epoch);

    /** One optimisation step; throws {@link DivergenceException} on a non-finite loss or gradient. */
    StepResult step(int epoch, int step, HostBatch batch);

    /** A step already taken before a resume: consume what the step would have consumed besides its batch. */
    default void skipStep(int epoch, int step) {}

    /** The validation after epoch {@code epoch}, or null where the job validates only at other epochs. */
    Evaluation.Result validate(int epoch);

    /** The derived genotype (reference string) and architecture weights at the end of an epoch (empty for training). */
    String genotype();

    Map<String, float[]> archWeights();

    /** Writes the job's whole state with the loop's entries added to the checkpoint's metadata. */
    void save(Path file, Map<String, String> loopMeta) throws IOException;

    /** Restores a checkpoint written by {@link #save}; returns its metadata. */
    Map<String, String> restore(Path file) throws IOException;
}
