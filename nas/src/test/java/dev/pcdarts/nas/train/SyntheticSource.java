package dev.pcdarts.nas.train;

import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.rng.Rng;
import dev.pcdarts.nas.loop.BatchSource;
import dev.pcdarts.nas.loop.HostBatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A small learnable image set: each class lights one region of the image, plus noise. */
public final class SyntheticSource implements BatchSource {
    private final float[][] images;
    private final int[] labels;
    private final int batch;
    private final int c;
    private final int hw;
    private final Rng rng;

    public SyntheticSource(long seed, int count, int classes, int c, int hw, int batch) {
        this.batch = batch;
        this.c = c;
        this.hw = hw;
        this.rng = new Rng(seed);
        RandomStream r = rng.stream("images");
        images = new float[count][c * hw * hw];
        labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % classes;
            int row = (labels[i] * hw) / classes;
            for (int k = 0; k < images[i].length; k++) {
                int y = (k / hw) % hw;
                images[i][k] = (float) (0.5 * r.nextGaussian() + (y >= row && y < row + Math.max(1, hw / classes) ? 1.5 : 0));
            }
        }
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int batchesPerEpoch() {
        return (labels.length + batch - 1) / batch;
    }

    @Override
    public Iterator<HostBatch> epoch(int epoch) {
        int[] order = rng.stream("order", epoch).permutation(labels.length);
        List<HostBatch> out = new ArrayList<>();
        for (int s = 0; s < order.length; s += batch) {
            int n = Math.min(batch, order.length - s);
            float[] x = new float[n * c * hw * hw];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(images[order[s + i]], 0, x, i * c * hw * hw, c * hw * hw);
                y[i] = labels[order[s + i]];
            }
            out.add(new HostBatch(x, y, n, c, hw, hw));
        }
        return out.iterator();
    }
}
