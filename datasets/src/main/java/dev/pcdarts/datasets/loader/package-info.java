/**
 * The batch loader: a per-epoch order (shuffled per image, or per block for streamed files),
 * background threads building the next batches into a bounded window, clean shutdown.
 */
package dev.pcdarts.datasets.loader;
