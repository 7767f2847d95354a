package dev.pcdarts.api;

import dev.pcdarts.datasets.ImageSet;
import dev.pcdarts.datasets.Subset;
import dev.pcdarts.datasets.augment.SampleTransform;
import dev.pcdarts.datasets.loader.Loader;
import dev.pcdarts.nas.loop.BatchSource;
import dev.pcdarts.nas.loop.HostBatch;
import java.util.Iterator;

/**
 * A datasets {@link Loader} seen as the model's {@link BatchSource}; with a limit, each epoch
 * uses only its first {@code limit} images of the epoch's order (quick runs).
 */
final class LoaderSource implements BatchSource, AutoCloseable {
    private final Loader<HostBatch> loader;
    private final int limitBatches;

    LoaderSource(ImageSet set, SampleTransform t, Loader.Options o, int limitImages) {
        this.loader = new Loader<>(set, t, o, (x, y, n, c, h, w, indices) -> new HostBatch(x, y, n, c, h, w));
        int all = loader.batchesPerEpoch();
        this.limitBatches = limitImages > 0 ? Math.max(1, Math.min(all, (limitImages + o.batchSize() - 1) / o.batchSize())) : all;
    }

    static ImageSet first(ImageSet s, int n) {
        if (n <= 0 || n >= s.size()) return s;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        return new Subset(s, idx, s.info().name());
    }

    @Override
    public int size() {
        return loader.size();
    }

    @Override
    public int batchesPerEpoch() {
        return limitBatches;
    }

    @Override
    public Iterator<HostBatch> epoch(int epoch) {
        Iterator<HostBatch> it = loader.epoch(epoch);
        return new Iterator<>() {
            private int served;

            @Override
            public boolean hasNext() {
                return served < limitBatches && it.hasNext();
            }

            @Override
            public HostBatch next() {
                served++;
                return it.next();
            }
        };
    }

    int[] sampleShape() {
        return loader.sampleShape();
    }

    @Override
    public void close() {
        loader.close();
    }
}
