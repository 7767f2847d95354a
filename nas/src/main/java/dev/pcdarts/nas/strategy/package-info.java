/**
 * How the architecture learns: {@link dev.pcdarts.nas.strategy.ArchitectureStrategy}, given a
 * training and a validation batch, takes one architecture step; the first- and second-order
 * (DARTS' unrolled) {@link dev.pcdarts.nas.strategy.Architect} implements it. Depends on the
 * search network and nas.loop's batches.
 */
package dev.pcdarts.nas.strategy;
