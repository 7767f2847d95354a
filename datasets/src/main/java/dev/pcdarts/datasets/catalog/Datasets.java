package dev.pcdarts.datasets.catalog;

import dev.pcdarts.datasets.DataException;
import dev.pcdarts.datasets.EmbeddedDataset;
import dev.pcdarts.datasets.ImageSet;
import dev.pcdarts.datasets.InMemoryImageSet;
import dev.pcdarts.datasets.arrow.ArrowDataset;
import dev.pcdarts.datasets.readers.CifarReader;
import dev.pcdarts.datasets.readers.IdxReader;
import dev.pcdarts.datasets.readers.ImageFolderSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The dataset catalogue and format detection: a {@link DataSpec} to its training or test images. PATH may
 * be an Arrow file (its test split is the sibling with "test" for "train" in the name), a folder
 * with train.arrow/test.arrow, a folder of IDX files, a CIFAR folder or .tar.gz, or image class
 * folders (a root with train/ and val/, or the class folders themselves), or the train.txt and
 * val.txt file lists of {@code pcdarts data subsample} (val.txt is then the "test" split).
 */
public final class Datasets {
    /** The catalogue: the embedded subset, Debian's Fashion-MNIST, and CIFAR from data/. */
    public static final List<String> NAMES = List.of(EmbeddedDataset.NAME, "fashion-mnist", "cifar10", "cifar100");
    static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private Datasets() {}

    /**
     * The training or the test images of {@code spec}; missing or damaged data is a {@link
     * DataException} naming the file, an unknown name an IllegalArgumentException.
     */
    public static ImageSet open(DataSpec spec, boolean train) {
        if (spec.path() != null) return openPath(spec.path(), train, spec.imageSize());
        String name = spec.dataset();
        return switch (name) {
            case EmbeddedDataset.NAME -> EmbeddedDataset.load(train);
            case "fashion-mnist" -> {
                if (!Files.isDirectory(FASHION_MNIST)) {
                    throw new DataException(FASHION_MNIST + ": missing; install Debian's dataset-fashion-mnist or give --data PATH");
                }
                yield IdxReader.fashionMnist(FASHION_MNIST, train);
            }
            case "cifar10", "cifar100" -> {
                String file = name.equals("cifar10") ? "cifar-10-binary.tar.gz" : "cifar-100-binary.tar.gz";
                Path p = Path.of("data", file);
                if (!Files.exists(p)) {
                    throw new DataException(p + ": missing; run 'pcdarts data download " + name + " --dir data' or give --data PATH");
                }
                yield CifarReader.read(p, name.equals("cifar100"), train);
            }
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + String.join(", ", NAMES) + " (or give --data PATH)");
        };
    }

    private static ImageSet openPath(Path p, boolean train, int imageSize) {
        if (!Files.exists(p)) throw DataException.of(p, "no such file or folder");
        if (Files.isRegularFile(p)) {
            String n = p.getFileName().toString();
            if (n.endsWith(".tar.gz") || n.endsWith(".tgz")) return CifarReader.read(p, n.contains("100"), train);
            if (!ArrowDataset.isArrowFile(p)) throw DataException.of(p, "not an Arrow file, a CIFAR archive or a data folder");
            if (train) return ArrowDataset.open(p);
            Path test = p.resolveSibling(n.replace("train", "test"));
            if (test.equals(p) || !Files.exists(test)) throw DataException.of(p, "no test split beside it (expected " + test.getFileName() + ")");
            return ArrowDataset.open(test);
        }
        if (Files.exists(p.resolve("train.arrow"))) return ArrowDataset.open(p.resolve(train ? "train.arrow" : "test.arrow"));
        if (Files.exists(p.resolve("train-images-idx3-ubyte.gz")) || Files.exists(p.resolve("train-images-idx3-ubyte"))) {
            InMemoryImageSet s = IdxReader.read(idx(p, train, "images-idx3"), idx(p, train, "labels-idx1"), p.getFileName() + (train ? "-train" : "-test"),
                    IdxReader.FASHION_MNIST_CLASSES);
            return s;
        }
        try (var files = Files.walk(p, 2)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            if (names.contains("data_batch_1.bin") || names.contains("train.bin")) return CifarReader.read(p, names.contains("train.bin"), train);
        } catch (java.io.IOException e) {
            throw DataException.of(p, "cannot list: " + e.getMessage());
        }
        int resize = Math.max(imageSize, imageSize * 8 / 7);
        if (Files.exists(p.resolve("train.txt")) && Files.exists(p.resolve("val.txt"))) {
            return ImageFolderSet.fromList(p.resolve(train ? "train.txt" : "val.txt"), resize, imageSize);
        }
        if (Files.isDirectory(p.resolve("train"))) return ImageFolderSet.open(p.resolve(train ? "train" : "val"), resize, imageSize, false);
        if (!train) throw DataException.of(p, "image class folders without a val/ split: no test data");
        return ImageFolderSet.open(p, resize, imageSize, false);
    }

    /** The counts that {@link #subsample} wrote. */
    public record Subsample(int trainImages, int valImages, int ofImages, int classes) {}

    /**
     * The ImageNet search subsets of image class folders {@code root}: a seeded {@code train}
     * share of each class for the weights and a disjoint {@code val} share for the architecture,
     * written as {@code out/train.txt} and {@code out/val.txt}, which {@link #open} reads back.
     */
    public static Subsample subsample(Path root, double train, double val, long seed, Path out) throws java.io.IOException {
        ImageFolderSet set = ImageFolderSet.open(root, 8, 8, false);
        int[] tr = dev.pcdarts.datasets.Splits.perClass(set, train, seed, null);
        int[] va = dev.pcdarts.datasets.Splits.perClass(set, val, seed + 1, tr);
        set.writeFileList(tr, out.resolve("train.txt"));
        set.writeFileList(va, out.resolve("val.txt"));
        return new Subsample(tr.length, va.length, set.size(), set.info().classes());
    }

    /** Writes {@code set} as a pcdarts Arrow file of {@code chunk} images per record batch, atomically; returns its size in bytes. */
    public static long writeArrow(ImageSet set, Path file, int chunk) throws java.io.IOException {
        ArrowDataset.write(set, file, chunk);
        return Files.size(file);
    }

    private static Path idx(Path dir, boolean train, String kind) {
        String base = (train ? "train-" : "t10k-") + kind + "-ubyte";
        return Files.exists(dir.resolve(base + ".gz")) ? dir.resolve(base + ".gz") : dir.resolve(base);
    }
}
