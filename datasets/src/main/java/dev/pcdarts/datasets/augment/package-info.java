/**
 * Per-sample transforms from uint8 HWC images to normalised float CHW, each drawing its random
 * numbers from a stream keyed by (seed, epoch, sample index), so neither the order of loading nor
 * the number of loader threads can change a pixel.
 */
package dev.pcdarts.datasets.augment;
