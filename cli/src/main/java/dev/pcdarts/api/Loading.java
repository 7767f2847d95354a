package dev.pcdarts.api;

/**
 * How a run's images are batched: batch size, the share of the training set that trains the
 * weights in a search (the rest trains the architecture), a cap on the images per epoch (0 =
 * all) and loader threads (0 = on the training thread).
 */
public record Loading(int batchSize, double trainPortion, int limitImages, int workers) {
    public Loading {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        if (!(trainPortion > 0 && trainPortion < 1)) throw new IllegalArgumentException("train portion must be between 0 and 1 (exclusive), got " + trainPortion);
        if (limitImages < 0) throw new IllegalArgumentException("limit images must be >= 0 (0 = all), got " + limitImages);
        if (workers < 0) throw new IllegalArgumentException("workers must be >= 0, got " + workers);
    }

    /** The paper's search: batch 256, half and half, every image. */
    public static Loading paper() {
        return new Loading(256, 0.5, 0, 2);
    }

    /** The quick preset of the embedded data: batch 64, 1,024 images per half and epoch. */
    public static Loading quick() {
        return new Loading(64, 0.5, 1024, 2);
    }

    public Loading withBatchSize(int n) {
        return new Loading(n, trainPortion, limitImages, workers);
    }

    public Loading withLimitImages(int n) {
        return new Loading(batchSize, trainPortion, n, workers);
    }

    public Loading withWorkers(int n) {
        return new Loading(batchSize, trainPortion, limitImages, n);
    }
}
