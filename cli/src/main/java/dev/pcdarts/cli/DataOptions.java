package dev.pcdarts.cli;

import dev.pcdarts.datasets.catalog.DataSpec;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the images come from. */
final class DataOptions {
    @Option(names = "--dataset", paramLabel = "NAME",
            description = "fashion-mnist-subset (embedded, the default), fashion-mnist (Debian's package), cifar10, cifar100 (from data/).")
    String dataset;

    @Option(names = "--data", paramLabel = "PATH",
            description = "An Arrow file or folder, IDX folder, CIFAR folder or .tar.gz, or image class folders (overrides --dataset).")
    Path data;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "32", description = "Crop size for image folders (default: ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "Loader threads (default: ${DEFAULT-VALUE}).")
    int workers;

    /** The options' own ranges, checked before anything is opened or written. */
    void validate() {
        if (imageSize < 1) throw new UsageException("--image-size must be at least 1 pixel, got " + imageSize);
        if (workers < 0) throw new UsageException("--workers must be >= 0 (0 loads on the training thread), got " + workers);
    }

    boolean embedded() {
        return spec().isEmbedded();
    }

    /** Which images the options name. */
    DataSpec spec() {
        return new DataSpec(data != null ? null : dataset, data == null ? null : data.toAbsolutePath(), Math.max(1, imageSize));
    }
}
