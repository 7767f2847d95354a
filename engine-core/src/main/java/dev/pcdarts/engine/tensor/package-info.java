/** Tensors: float32, row-major NCHW, a shape plus a storage handle owned by a backend. */
package dev.pcdarts.engine.tensor;
