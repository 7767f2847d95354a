/**
 * Image classification data for pcdarts: the {@link dev.pcdarts.datasets.ImageSet} abstraction
 * (uint8 HWC images and int labels), splits and subsets. Independent of the engine: the loader
 * hands out {@code float[]} NCHW batches and {@code int[]} labels.
 */
package dev.pcdarts.datasets;
