package dev.pcdarts.datasets;

/**
 * A labelled image collection: image i is {@code info().imageBytes()} uint8 values in HWC
 * order. Reads may come from any thread.
 */
public interface ImageSet extends AutoCloseable {
    DatasetInfo info();

    int size();

    /** Copies image i into dst at off. */
    void read(int index, byte[] dst, int off);

    int label(int index);

    /**
     * True when reads are cheap only in order of storage (a streamed file): loaders then shuffle
     * blocks of {@link #blockSize()} images instead of single images.
     */
    default boolean streaming() {
        return false;
    }

    default int blockSize() {
        return 1;
    }

    @Override
    default void close() {}

    /** Label counts per class. */
    default long[] histogram() {
        long[] h = new long[info().classes()];
        for (int i = 0; i < size(); i++) h[label(i)]++;
        return h;
    }
}
