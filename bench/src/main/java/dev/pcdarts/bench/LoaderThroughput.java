package dev.pcdarts.bench;

import dev.pcdarts.datasets.DatasetInfo;
import dev.pcdarts.datasets.InMemoryImageSet;
import dev.pcdarts.datasets.augment.CifarTransform;
import dev.pcdarts.datasets.loader.LoadedBatch;
import dev.pcdarts.datasets.loader.Loader;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Loader throughput on CIFAR-sized images (32×32×3) with the full training augmentation (random
 * crop with padding 4, flip, cutout 16, normalisation), batch 256, on 1 and 2 loader threads.
 */
public final class LoaderThroughput {
    private LoaderThroughput() {}

    public static void main(String[] args) {
        int n = 20_000;
        byte[] px = new byte[n * 32 * 32 * 3];
        new Random(1).nextBytes(px);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = i % 10;
        DatasetInfo info = new DatasetInfo("cifar-sized", 32, 32, 3, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                new float[] {0.49f, 0.48f, 0.45f}, new float[] {0.25f, 0.24f, 0.26f});
        InMemoryImageSet set = new InMemoryImageSet(info, px, y, "synthetic");
        for (int threads : new int[] {1, 2}) {
            try (Loader<LoadedBatch> l = Loader.plain(set, CifarTransform.train(true), new Loader.Options(256, true, false, threads, 4, 7))) {
                double best = 0;
                for (int epoch = 0; epoch < 3; epoch++) {
                    long t0 = System.nanoTime();
                    int images = 0;
                    for (Iterator<LoadedBatch> it = l.epoch(epoch); it.hasNext(); ) images += it.next().n();
                    best = Math.max(best, images / ((System.nanoTime() - t0) / 1e9));
                }
                System.out.printf("loader, %d thread(s): %.0f images/s (CIFAR 32x32x3, crop+flip+cutout, batch 256)%n", threads, best);
            }
        }
    }
}
