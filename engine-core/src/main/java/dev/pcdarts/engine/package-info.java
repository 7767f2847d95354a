/**
 * The deep-learning engine under pcdarts: tensors, the autograd tape, operators written once
 * over backend kernels, layers, optimisers, the seeded RNG and safetensors I/O. Nothing here
 * knows about PC-DARTS or about a concrete backend.
 */
package dev.pcdarts.engine;
