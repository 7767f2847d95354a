/**
 * Operators: each class is one operator family with its forward and its backward side by side,
 * written over {@link dev.pcdarts.engine.backend.Backend} kernels so that it runs unchanged on
 * every backend. Outputs record a {@link dev.pcdarts.engine.autograd.Node} when grad mode is on
 * and an input requires grad.
 */
package dev.pcdarts.engine.ops;
