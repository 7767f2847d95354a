package dev.pcdarts.datasets.loader;

import dev.pcdarts.datasets.DataException;
import dev.pcdarts.datasets.DatasetInfo;
import dev.pcdarts.datasets.ImageSet;
import dev.pcdarts.datasets.augment.SampleTransform;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Batches of a set for each epoch. The order is a function of (seed, epoch); each image's
 * augmentation draws from a stream keyed by (seed, epoch, image index); so the batches are the
 * same whatever the number of threads. With {@code threads > 0}, up to {@code prefetch} batches
 * are built ahead on background threads. The batches are of the consumer's type {@code B}, made by
 * a {@link BatchFactory} from the loaded arrays, so one batch record travels from here to the model.
 */
public final class Loader<B> implements AutoCloseable {
    /** Makes a batch of the consumer's type from the arrays the loader filled (they are not copied). */
    @FunctionalInterface
    public interface BatchFactory<B> {
        B batch(float[] x, int[] y, int n, int c, int h, int w, int[] indices);
    }

    /** Batch size, shuffling, dropping a short last batch, background threads, batches built ahead, seed. */
    public record Options(int batchSize, boolean shuffle, boolean dropLast, int threads, int prefetch, long seed) {
        public Options {
            if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
            if (threads < 0 || prefetch < 1) throw new IllegalArgumentException("threads >= 0 and prefetch >= 1");
        }
    }

    private final ImageSet set;
    private final SampleTransform transform;
    private final Options options;
    private final ExecutorService pool;
    private final BatchFactory<B> factory;

    public Loader(ImageSet set, SampleTransform transform, Options options, BatchFactory<B> factory) {
        if (set.size() == 0) throw new DataException(set.info().name() + ": the dataset is empty");
        if (options.dropLast() && set.size() < options.batchSize()) {
            throw new DataException(set.info().name() + ": " + set.size() + " images make no full batch of " + options.batchSize());
        }
        this.set = set;
        this.transform = transform;
        this.options = options;
        this.factory = factory;
        this.pool = options.threads() == 0 ? null : Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "pcdarts-loader");
            t.setDaemon(true);
            return t;
        });
    }

    public ImageSet set() {
        return set;
    }

    public int size() {
        return set.size();
    }

    public int batchesPerEpoch() {
        int n = set.size(), b = options.batchSize();
        return options.dropLast() ? n / b : (n + b - 1) / b;
    }

    /** Output shape of one sample: channels, height, width. */
    public int[] sampleShape() {
        DatasetInfo i = set.info();
        return new int[] {i.channels(), transform.outHeight(i), transform.outWidth(i)};
    }

    static long mix(long seed, long a, long b) {
        long z = seed ^ (a * 0x9E3779B97F4A7C15L) ^ (b * 0xC2B2AE3D27D4EB4FL);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The order of epoch e: all images, shuffled per image or per block of a streamed file. */
    public int[] order(int epoch) {
        int n = set.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (!options.shuffle()) return order;
        SplittableRandom r = new SplittableRandom(mix(options.seed(), 0x5EED, epoch));
        int block = set.streaming() ? Math.max(1, set.blockSize()) : 1;
        if (block == 1) {
            shuffle(order, 0, n, r);
            return order;
        }
        int blocks = (n + block - 1) / block;
        int[] bo = new int[blocks];
        for (int i = 0; i < blocks; i++) bo[i] = i;
        shuffle(bo, 0, blocks, r);
        int at = 0;
        for (int b : bo) {
            int start = at;
            for (int i = b * block; i < Math.min(n, (b + 1) * block); i++) order[at++] = i;
            shuffle(order, start, at, r);
        }
        return order;
    }

    private static void shuffle(int[] a, int from, int to, SplittableRandom r) {
        for (int i = to - 1; i > from; i--) {
            int j = from + r.nextInt(i - from + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A loader of {@link LoadedBatch}es, the datasets module's own batch (tools and tests). */
    public static Loader<LoadedBatch> plain(ImageSet set, SampleTransform transform, Options options) {
        return new Loader<>(set, transform, options, LoadedBatch::new);
    }

    /** The batches of epoch e, in order. */
    public Iterator<B> epoch(int epoch) {
        int[] order = order(epoch);
        int batches = batchesPerEpoch();
        return new Iterator<>() {
            private int next;
            private final ArrayDeque<Future<B>> window = new ArrayDeque<>();

            private void fill() {
                while (pool != null && window.size() < options.prefetch() && next + window.size() < batches) {
                    int b = next + window.size();
                    window.add(pool.submit(() -> build(order, b, epoch)));
                }
            }

            @Override
            public boolean hasNext() {
                return next < batches;
            }

            @Override
            public B next() {
                if (!hasNext()) throw new NoSuchElementException();
                fill();
                B out;
                if (pool == null) {
                    out = build(order, next, epoch);
                } else {
                    try {
                        out = window.poll().get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new DataException("interrupted while loading " + set.info().name(), e);
                    } catch (ExecutionException e) {
                        window.forEach(f -> f.cancel(true));
                        window.clear();
                        if (e.getCause() instanceof RuntimeException re) throw re;
                        throw new DataException("loading " + set.info().name() + " failed: " + e.getCause(), e.getCause());
                    }
                }
                next++;
                fill();
                return out;
            }
        };
    }

    private B build(int[] order, int b, int epoch) {
        DatasetInfo info = set.info();
        int from = b * options.batchSize();
        int n = Math.min(options.batchSize(), order.length - from);
        int c = info.channels(), h = transform.outHeight(info), w = transform.outWidth(info);
        float[] x = new float[n * c * h * w];
        int[] y = new int[n];
        int[] idx = new int[n];
        byte[] img = new byte[info.imageBytes()];
        for (int i = 0; i < n; i++) {
            int index = order[from + i];
            idx[i] = index;
            set.read(index, img, 0);
            y[i] = set.label(index);
            transform.apply(img, info, x, i * c * h * w, new SplittableRandom(mix(options.seed(), epoch + 1, index)));
        }
        return factory.batch(x, y, n, c, h, w, idx);
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
