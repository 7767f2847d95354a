/**
 * Optimisers and schedules with PyTorch's exact update rules: SGD (momentum, L2 weight decay),
 * Adam (L2 weight decay), global gradient-norm clipping, cosine annealing.
 */
package dev.pcdarts.engine.optim;
