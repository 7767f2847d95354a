package dev.pcdarts.distributed;

import dev.pcdarts.nas.loop.ReplicaGroup;
import java.io.Serializable;

/**
 * What every replica runs, shipped to the executors: it builds its trainer, joins {@code group},
 * resumes from the run's last checkpoint when there is one (so a relaunch after a failure loses at
 * most one checkpoint interval) and returns its outcome.
 */
@FunctionalInterface
public interface ReplicaTask<R extends Serializable> extends Serializable {
    /** {@code attempt} counts the driver's launches from 0. */
    R run(ReplicaGroup group, int attempt) throws Exception;
}
