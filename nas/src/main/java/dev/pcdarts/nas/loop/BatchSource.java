package dev.pcdarts.nas.loop;

import java.util.Iterator;

/**
 * Where a loop's batches come from. Each epoch has its own order, a function of the run's seed
 * and the epoch index only, so a run resumed at an epoch sees exactly the batches it would have.
 */
public interface BatchSource {
    /** Number of images. */
    int size();

    int batchesPerEpoch();

    /** The batches of epoch {@code epoch}, in order. */
    Iterator<HostBatch> epoch(int epoch);
}
