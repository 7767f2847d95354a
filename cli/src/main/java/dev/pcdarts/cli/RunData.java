package dev.pcdarts.cli;

import dev.pcdarts.api.Augmentation;
import dev.pcdarts.api.Loading;
import dev.pcdarts.datasets.catalog.DataSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The "data" object of a run's config.json, as the API's types: which images, how they are batched and augmented. */
record RunData(DataSpec spec, Loading loading, Augmentation augmentation) {
    @SuppressWarnings("unchecked")
    static RunData of(Map<String, Object> config) {
        if (!(config.get("data") instanceof Map<?, ?> d)) throw new IllegalArgumentException("'data' is missing");
        Map<String, Object> data = (Map<String, Object>) d;
        Object path = data.get("path");
        DataSpec spec = new DataSpec((String) data.get("dataset"), path == null ? null : Path.of((String) path), number(data, "image_size").intValue());
        double portion = data.get("train_portion") == null ? 0.5 : number(data, "train_portion").doubleValue();
        Loading loading = new Loading(number(data, "batch_size").intValue(), portion, number(data, "limit_images").intValue(),
                number(data, "workers").intValue());
        int cutout = Boolean.TRUE.equals(data.get("cutout")) ? number(data, "cutout_length").intValue() : 0;
        int padding = data.get("crop_padding") == null ? Augmentation.reference().cropPadding() : number(data, "crop_padding").intValue();
        return new RunData(spec, loading, new Augmentation(padding, cutout));
    }

    private static Number number(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Number n)) throw new IllegalArgumentException("data." + key + " is missing or not a number");
        return n;
    }

    /** The augmentation's entries of the "data" object (cutout as train.py's flag and length). */
    static Map<String, Object> augmentationMap(boolean cutout, int cutoutLength, int cropPadding) {
        if (cutoutLength < 1) throw new UsageException("--cutout-length must be at least 1 pixel, got " + cutoutLength);
        if (cropPadding < 0) throw new UsageException("--crop-padding must be >= 0 pixels, got " + cropPadding);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cutout", cutout);
        m.put("cutout_length", cutoutLength);
        m.put("crop_padding", cropPadding);
        return m;
    }

    /** The spec's entries of the "data" object. */
    static Map<String, Object> specMap(DataSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", spec.dataset());
        m.put("path", spec.path() == null ? null : spec.path().toAbsolutePath().toString());
        m.put("image_size", spec.imageSize());
        return m;
    }

    /** Opens data or a job; a name that is not in the catalogue, or data that does not fit the run, is a usage error. */
    static <T> T open(Supplier<T> body) {
        try {
            return body.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
