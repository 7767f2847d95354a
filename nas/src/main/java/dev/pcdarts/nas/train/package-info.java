/**
 * The strategy and the trainers: the first- and second-order {@link dev.pcdarts.nas.train.Architect},
 * the weight step, and the search and evaluation loops with their listeners and checkpoints.
 */
package dev.pcdarts.nas.train;
