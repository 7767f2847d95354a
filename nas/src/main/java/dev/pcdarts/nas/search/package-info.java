/**
 * The search space and its relaxation: {@link dev.pcdarts.nas.search.Relaxation} options,
 * the partial-channel {@link dev.pcdarts.nas.search.MixedOp}, the search cell and network with
 * their architecture parameters (reference {@code model_search.py}).
 */
package dev.pcdarts.nas.search;
