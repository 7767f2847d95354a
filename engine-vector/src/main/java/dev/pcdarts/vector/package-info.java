/**
 * The CPU backend: every kernel written with {@code jdk.incubator.vector} beside a scalar twin
 * ({@code -Dpcdarts.vectorBits=0} or {@code new VectorBackend(threads, false)} selects the twin).
 * Work is split over the outer dimension by {@link dev.pcdarts.vector.Parallel}; every output
 * element is computed by one thread in a fixed order, so results never depend on the thread count.
 */
package dev.pcdarts.vector;
