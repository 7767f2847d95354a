package dev.pcdarts.api;

import dev.pcdarts.nas.loop.ReplicaGroup;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Starts data-parallel replicas somewhere else (Spark's barrier tasks): the service the distributed
 * module provides. The everyday jar carries no implementation, so it never loads Spark; the
 * launcher script puts the distributed class path on the class path for {@code --spark} only.
 */
public interface ReplicaLauncher {
    /** Where and how: the Spark master URL, replicas, relaunches after a failure, the ring's socket timeout. */
    record Launch(String master, int replicas, int maxRetries, Duration ringTimeout) {}

    /** One replica's work, shipped to where it runs; it resumes from the run's checkpoint when there is one. */
    @FunctionalInterface
    interface Replica<R extends Serializable> extends Serializable {
        R run(ReplicaGroup group, int attempt) throws Exception;
    }

    /** Runs {@code replica} on every rank, relaunching from the last checkpoint on failure; outcomes in rank order. */
    <R extends Serializable> List<R> run(Launch launch, Replica<R> replica, Consumer<String> log);

    /** The launcher on the class path, if any. */
    static Optional<ReplicaLauncher> find() {
        return ServiceLoader.load(ReplicaLauncher.class).findFirst();
    }
}
