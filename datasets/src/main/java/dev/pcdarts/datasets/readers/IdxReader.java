package dev.pcdarts.datasets.readers;

import dev.pcdarts.datasets.DataException;
import dev.pcdarts.datasets.DatasetInfo;
import dev.pcdarts.datasets.InMemoryImageSet;
import java.nio.file.Path;
import java.util.List;

/**
 * MNIST-family IDX files (MNIST, Fashion-MNIST, KMNIST), gzipped or not: an images file
 * (magic 0x00000803, count, rows, cols, then count·rows·cols bytes) and a labels file
 * (magic 0x00000801, count, then count bytes).
 */
public final class IdxReader {
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private IdxReader() {}

    public static InMemoryImageSet read(Path images, Path labels, String name, List<String> classNames) {
        byte[] im = Bytes.readMaybeGzip(images);
        byte[] lb = Bytes.readMaybeGzip(labels);
        if (im.length < 16) throw DataException.of(images, "truncated IDX header (" + im.length + " bytes)");
        if (Bytes.be32(im, 0) != 0x00000803) {
            throw DataException.of(images, String.format("not an IDX image file (magic 0x%08x, expected 0x00000803)", Bytes.be32(im, 0)));
        }
        int n = Bytes.be32(im, 4), rows = Bytes.be32(im, 8), cols = Bytes.be32(im, 12);
        if (n < 0 || rows < 1 || cols < 1) throw DataException.of(images, "bad IDX dimensions " + n + "x" + rows + "x" + cols);
        long expect = 16L + (long) n * rows * cols;
        if (im.length != expect) {
            throw DataException.of(images, (im.length < expect ? "truncated" : "has trailing bytes") + ": " + im.length
                    + " bytes, the header promises " + expect);
        }
        if (lb.length < 8) throw DataException.of(labels, "truncated IDX header (" + lb.length + " bytes)");
        if (Bytes.be32(lb, 0) != 0x00000801) {
            throw DataException.of(labels, String.format("not an IDX label file (magic 0x%08x, expected 0x00000801)", Bytes.be32(lb, 0)));
        }
        int nl = Bytes.be32(lb, 4);
        if (nl != n) throw DataException.of(labels, nl + " labels for " + n + " images in " + images);
        if (lb.length != 8L + n) throw DataException.of(labels, (lb.length < 8L + n ? "truncated" : "has trailing bytes") + ": "
                + lb.length + " bytes, the header promises " + (8L + n));
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = lb[8 + i] & 0xff;
            if (y[i] >= classNames.size()) throw DataException.of(labels, "label " + y[i] + " of image " + i + " is outside [0, " + classNames.size() + ")");
        }
        byte[] px = java.util.Arrays.copyOfRange(im, 16, im.length);
        DatasetInfo info = new DatasetInfo(name, rows, cols, 1, classNames, new float[] {0.5f}, new float[] {0.5f});
        InMemoryImageSet set = new InMemoryImageSet(info, px, y, images.toString());
        return new InMemoryImageSet(info.withStats(PixelStats.mean(set), PixelStats.std(set)), px, y, images.toString());
    }

    /** Fashion-MNIST from a folder holding the four standard files (gzipped or not). */
    public static InMemoryImageSet fashionMnist(Path dir, boolean train) {
        String prefix = train ? "train" : "t10k";
        return read(pick(dir, prefix + "-images-idx3-ubyte"), pick(dir, prefix + "-labels-idx1-ubyte"),
                "fashion-mnist-" + (train ? "train" : "test"), FASHION_MNIST_CLASSES);
    }

    static Path pick(Path dir, String base) {
        Path gz = dir.resolve(base + ".gz");
        if (java.nio.file.Files.exists(gz)) return gz;
        Path plain = dir.resolve(base);
        if (java.nio.file.Files.exists(plain)) return plain;
        throw DataException.of(dir, "missing " + base + "(.gz)");
    }
}
