/**
 * Data-parallel replicas: the transport that keeps N copies of one model in step.
 *
 * <p>{@link dev.pcdarts.distributed.RingAllReduce} connects N ranks in a ring over TCP and averages a
 * float array across them with the classic reduce-scatter + all-gather ring. Every chunk is summed
 * in one fixed order, so every rank ends with the same bits, and every connect, read and write
 * has a timeout, so a dead or silent peer is an exception naming it, never a hang.
 *
 * <p>Depends on the JDK only ({@code engine-core} for the tensors the replicas will exchange).
 * Nothing in the everyday build depends on this package; the Spark launcher that starts the
 * replicas as barrier tasks will live beside it and is the only code meant to use it.
 */
package dev.pcdarts.distributed;
