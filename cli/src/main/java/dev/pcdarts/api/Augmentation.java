package dev.pcdarts.api;

import dev.pcdarts.datasets.augment.CifarTransform;

/**
 * How CIFAR-sized training images are augmented: the random crop's zero padding in pixels and the
 * cutout square's side (0 = no cutout), the reference's {@code RandomCrop(H, padding)} and {@code
 * Cutout(length)}. ImageNet-sized runs use the ImageNet pipeline instead and ignore these.
 */
public record Augmentation(int cropPadding, int cutoutLength) {
    public Augmentation {
        if (cropPadding < 0) throw new IllegalArgumentException("crop padding must be >= 0 pixels, got " + cropPadding);
        if (cutoutLength < 0) throw new IllegalArgumentException("cutout length must be >= 0 pixels (0 = none), got " + cutoutLength);
    }

    /** The reference's: padding 4, no cutout (train.py and train_search.py without --cutout). */
    public static Augmentation reference() {
        return new Augmentation(4, 0);
    }

    public Augmentation withCutout(int length) {
        return new Augmentation(cropPadding, length);
    }

    public Augmentation withCropPadding(int px) {
        return new Augmentation(px, cutoutLength);
    }

    /** The training transform: crop, flip, normalise, cutout. */
    CifarTransform trainTransform() {
        return new CifarTransform(cropPadding, true, cutoutLength);
    }
}
