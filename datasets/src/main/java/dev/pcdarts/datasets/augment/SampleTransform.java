package dev.pcdarts.datasets.augment;

import dev.pcdarts.datasets.DatasetInfo;
import java.util.SplittableRandom;

/** Turns one uint8 HWC image into normalised float CHW values at out[off..]. */
public interface SampleTransform {
    /** Output height and width for an input of this dataset. */
    int outHeight(DatasetInfo in);

    int outWidth(DatasetInfo in);

    void apply(byte[] hwc, DatasetInfo info, float[] out, int off, SplittableRandom rng);
}
