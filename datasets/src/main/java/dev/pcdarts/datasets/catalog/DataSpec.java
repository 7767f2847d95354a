package dev.pcdarts.datasets.catalog;

import dev.pcdarts.datasets.EmbeddedDataset;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which images: a catalogue name ({@link Datasets#NAMES}) or a path (which wins), and the crop
 * size for image class folders.
 */
public record DataSpec(String dataset, Path path, int imageSize) {
    public DataSpec {
        if (dataset == null && path == null) dataset = EmbeddedDataset.NAME;
        if (dataset != null) dataset = dataset.toLowerCase(Locale.ROOT);
        if (imageSize < 1) throw new IllegalArgumentException("image size must be at least 1 pixel, got " + imageSize);
    }

    /** The embedded Fashion-MNIST subset, the default. */
    public static DataSpec embedded() {
        return new DataSpec(EmbeddedDataset.NAME, null, 32);
    }

    public static DataSpec named(String dataset) {
        return new DataSpec(dataset, null, 32);
    }

    public static DataSpec at(Path path) {
        return new DataSpec(null, path.toAbsolutePath(), 32);
    }

    public DataSpec withImageSize(int size) {
        return new DataSpec(dataset, path, size);
    }

    public boolean isEmbedded() {
        return path == null && EmbeddedDataset.NAME.equals(dataset);
    }

    /** Where the data comes from, for provenance. */
    public String describe() {
        return path != null ? path.toAbsolutePath().toString() : dataset;
    }
}
