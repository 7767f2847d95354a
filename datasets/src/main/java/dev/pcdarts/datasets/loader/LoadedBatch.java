package dev.pcdarts.datasets.loader;

/**
 * A batch of normalised NCHW pixels and labels, plus the dataset indices it holds: the loader's
 * batch for users of datasets alone ({@link Loader#plain}); the model's loader makes its own type.
 */
public record LoadedBatch(float[] x, int[] y, int n, int c, int h, int w, int[] indices) {}
