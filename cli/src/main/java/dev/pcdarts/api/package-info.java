/**
 * The Java API: {@link dev.pcdarts.api.PcDarts} (search, train, test), the jobs behind it
 * ({@link dev.pcdarts.api.SearchJob}, {@link dev.pcdarts.api.TrainJob}) and how a run's images are
 * batched ({@link dev.pcdarts.api.Loading}). Depends on nas, datasets and the engine's backend
 * selection; the command line (dev.pcdarts.cli) is built on it.
 */
package dev.pcdarts.api;
