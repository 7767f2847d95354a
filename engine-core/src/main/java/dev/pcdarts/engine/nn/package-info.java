/**
 * Layers with PyTorch's parameter names: {@link dev.pcdarts.engine.nn.Module} keeps named
 * children, parameters and buffers so that {@code cells.3._ops.5._ops.4.op.1.weight} means the
 * same tensor here and in the reference.
 */
package dev.pcdarts.engine.nn;
