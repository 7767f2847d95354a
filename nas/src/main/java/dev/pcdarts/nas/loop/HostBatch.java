package dev.pcdarts.nas.loop;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.tensor.Tensor;

/** A batch as the data side delivers it: normalised NCHW pixels and class labels, on the heap. */
public record HostBatch(float[] x, int[] y, int n, int c, int h, int w) {
    public HostBatch {
        if (x.length != n * c * h * w || y.length != n) {
            throw new IllegalArgumentException("batch of " + n + "x" + c + "x" + h + "x" + w + " with " + x.length + " values and " + y.length + " labels");
        }
    }

    /** The batch on a backend. */
    public Batch toDevice(Backend b) {
        return new Batch(Tensor.of(b, x, n, c, h, w), y);
    }
}
