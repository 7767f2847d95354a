/**
 * The one epoch loop ({@link dev.pcdarts.nas.loop.EpochLoop}) of searches, trainings and
 * benches, and what it is made of: the job it runs ({@link dev.pcdarts.nas.loop.LoopJob}), batches
 * and their sources, listeners, meters, evaluation, checkpoints and the ways a run stops.
 * Depends on the engine only; nas.train's jobs plug into it.
 */
package dev.pcdarts.nas.loop;
