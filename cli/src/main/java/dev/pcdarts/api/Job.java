package dev.pcdarts.api;

import dev.pcdarts.datasets.ImageSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * What the search and the training job share for a caller that records a run: the training
 * images, resuming from a checkpoint, a stop between steps, and checkpoints inside an epoch.
 */
public interface Job extends AutoCloseable {
    /** The training images (for provenance: their fingerprint). */
    ImageSet trainingSet();

    /** Continues from a checkpoint of this configuration. */
    void resume(Path checkpoint) throws IOException;

    /** Checked after every step: when it says so, the job writes a checkpoint and stops. */
    void stopWhen(BooleanSupplier stop);

    /** Also writes a checkpoint after every {@code steps} steps inside an epoch (0: at epoch ends only). */
    void checkpointEvery(int steps);

    @Override
    void close();
}
