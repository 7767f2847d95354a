package dev.pcdarts.datasets;

import java.util.List;

/**
 * What a dataset is: its name, image shape (H, W, C), class names, and the per-channel mean
 * and standard deviation of its pixels in [0, 1] (used for normalisation).
 */
public record DatasetInfo(String name, int height, int width, int channels, List<String> classNames, float[] mean, float[] std) {
    public DatasetInfo {
        classNames = List.copyOf(classNames);
        if (height < 1 || width < 1 || channels < 1) throw new IllegalArgumentException("bad image shape " + height + "x" + width + "x" + channels);
        if (mean.length != channels || std.length != channels) throw new IllegalArgumentException("mean/std need one value per channel");
    }

    public int classes() {
        return classNames.size();
    }

    public int imageBytes() {
        return height * width * channels;
    }

    public DatasetInfo withStats(float[] newMean, float[] newStd) {
        return new DatasetInfo(name, height, width, channels, classNames, newMean, newStd);
    }

    public DatasetInfo withName(String newName) {
        return new DatasetInfo(newName, height, width, channels, classNames, mean, std);
    }
}
