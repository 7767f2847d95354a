package dev.pcdarts.datasets.loader;

/** A batch of normalised NCHW pixels and labels, plus the dataset indices it holds. */
public record LoadedBatch(float[] x, int[] y, int n, int c, int h, int w, int[] indices) {}
