/**
 * The two jobs of the loop: the search ({@link dev.pcdarts.nas.train.SearchTrainer}, one
 * {@link dev.pcdarts.nas.train.SearchStep} per batch: the architecture step, then the weight
 * step) and the training of an evaluation network ({@link dev.pcdarts.nas.train.EvalTrainer}).
 */
package dev.pcdarts.nas.train;
