package dev.pcdarts.datasets.augment;

import dev.pcdarts.datasets.DatasetInfo;
import java.util.SplittableRandom;

/**
 * The CIFAR pipeline (spec §10): RandomCrop(H, padding) with zero padding in pixel space →
 * RandomHorizontalFlip(0.5) → /255 → Normalize(mean, std) → Cutout(length) after normalisation.
 * Random numbers are drawn in that order: crop row offset, crop column offset (each uniform in
 * [0, 2·padding]), the flip coin, the cutout centre row and column (uniform in the image).
 * With padding 0, no flip and no cutout it is the evaluation transform.
 */
public record CifarTransform(int padding, boolean flip, int cutout) implements SampleTransform {
    public CifarTransform {
        if (padding < 0 || cutout < 0) throw new IllegalArgumentException("padding and cutout must be >= 0");
    }

    public static CifarTransform train(boolean cutout) {
        return new CifarTransform(4, true, cutout ? 16 : 0);
    }

    public static CifarTransform eval() {
        return new CifarTransform(0, false, 0);
    }

    @Override
    public int outHeight(DatasetInfo in) {
        return in.height();
    }

    @Override
    public int outWidth(DatasetInfo in) {
        return in.width();
    }

    @Override
    public void apply(byte[] hwc, DatasetInfo info, float[] out, int off, SplittableRandom rng) {
        int h = info.height(), w = info.width(), c = info.channels();
        int dy = padding > 0 ? rng.nextInt(2 * padding + 1) : padding;
        int dx = padding > 0 ? rng.nextInt(2 * padding + 1) : padding;
        boolean flipped = flip && rng.nextDouble() < 0.5;
        float[] mean = info.mean(), std = info.std();
        for (int k = 0; k < c; k++) {
            float zero = (0f - mean[k]) / std[k];
            float inv = 1f / (255f * std[k]);
            float shift = -mean[k] / std[k];
            int plane = off + k * h * w;
            for (int y = 0; y < h; y++) {
                int sy = y + dy - padding;
                for (int x = 0; x < w; x++) {
                    int sx = (flipped ? w - 1 - x : x) + dx - padding;
                    out[plane + y * w + x] = (sy < 0 || sy >= h || sx < 0 || sx >= w) ? zero
                            : (hwc[(sy * w + sx) * c + k] & 0xff) * inv + shift;
                }
            }
        }
        if (cutout > 0) {
            int cy = rng.nextInt(h), cx = rng.nextInt(w);
            int y0 = Math.max(0, cy - cutout / 2), y1 = Math.min(h, cy + cutout / 2);
            int x0 = Math.max(0, cx - cutout / 2), x1 = Math.min(w, cx + cutout / 2);
            for (int k = 0; k < c; k++) {
                for (int y = y0; y < y1; y++) java.util.Arrays.fill(out, off + k * h * w + y * w + x0, off + k * h * w + y * w + x1, 0f);
            }
        }
    }
}
