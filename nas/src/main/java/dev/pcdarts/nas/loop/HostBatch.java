package dev.pcdarts.nas.loop;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;

/**
 * A batch as the data side delivers it: normalised NCHW pixels and class labels, on the heap.
 * {@code share} is the fraction of the global batch this one is (1 unless it is a replica's shard),
 * the weight its gradients carry when the replicas average them.
 */
public record HostBatch(float[] x, int[] y, int n, int c, int h, int w, float share) {
    public HostBatch {
        if (x.length != n * c * h * w || y.length != n) {
            throw new IllegalArgumentException("batch of " + n + "x" + c + "x" + h + "x" + w + " with " + x.length + " values and " + y.length + " labels");
        }
    }

    public HostBatch(float[] x, int[] y, int n, int c, int h, int w) {
        this(x, y, n, c, h, w, 1f);
    }

    /**
     * Replica {@code rank}'s contiguous part of this batch when it is split into {@code size}
     * shards: images [n·rank/size, n·(rank+1)/size), so the shards differ by at most one image.
     */
    public HostBatch shard(int rank, int size) {
        if (size == 1) return this;
        if (n < size) {
            throw new IllegalArgumentException("a batch of " + n + " images cannot be split across " + size
                    + " replicas: each needs at least one (use a batch size, and a number of images, of at least the replica count per batch)");
        }
        int from = (int) ((long) n * rank / size);
        int to = (int) ((long) n * (rank + 1) / size);
        int per = c * h * w;
        float[] xs = new float[(to - from) * per];
        System.arraycopy(x, from * per, xs, 0, xs.length);
        int[] ys = java.util.Arrays.copyOfRange(y, from, to);
        return new HostBatch(xs, ys, to - from, c, h, w, (float) (to - from) / n);
    }

    /** A seeded batch of standard-normal pixels and labels drawn uniformly from {@code classes}: what bench times. */
    public static HostBatch gaussian(int n, int c, int h, int w, int classes, long seed) {
        RandomStream r = new RandomStream(seed);
        float[] x = new float[n * c * h * w];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(classes);
        return new HostBatch(x, y, n, c, h, w);
    }

    /** The batch on a backend. */
    public Batch toDevice(Backend b) {
        return new Batch(Tensor.of(b, x, n, c, h, w), y, share);
    }
}
