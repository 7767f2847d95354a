/**
 * Data-parallel replicas on Apache Spark: the transport that keeps N copies of one model in step,
 * and the barrier-mode launcher that starts them.
 *
 * <p>{@link dev.pcdarts.distributed.RingAllReduce} connects N ranks in a ring over TCP and sums or
 * averages a float array across them with the classic reduce-scatter + all-gather ring. Every chunk
 * is summed in one fixed order, so every rank ends with the same bits, and every connect, read and
 * write has a timeout, so a dead or silent peer is an exception naming it, never a hang.
 * {@link dev.pcdarts.distributed.SparkReplicas} runs N replicas as one barrier stage (addresses
 * exchanged once with allGather) and relaunches them from the last checkpoint after a failure;
 * {@link dev.pcdarts.distributed.SparkReplicaLauncher} is the command line's {@code --spark}.
 *
 * <p>Depends on nas (its {@code ReplicaGroup} hook), cli (the {@code ReplicaLauncher} service it
 * provides) and Spark. Nothing depends on it: the launcher script and spark-submit put it on the
 * class path for {@code --spark} only.
 */
package dev.pcdarts.distributed;
