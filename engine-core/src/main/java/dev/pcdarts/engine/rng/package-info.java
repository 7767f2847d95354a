/**
 * The engine's random numbers: one seed per run, split into named streams (init, data order,
 * augmentation, drop-path, channel sampling) so that randomness added in one place never shifts
 * another. Stream states are plain longs, so checkpoints can save and restore them.
 */
package dev.pcdarts.engine.rng;
