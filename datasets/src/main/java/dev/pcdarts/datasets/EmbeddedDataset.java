package dev.pcdarts.datasets;

import dev.pcdarts.datasets.arrow.ArrowDataset;
import dev.pcdarts.datasets.readers.IdxReader;
import dev.pcdarts.datasets.readers.PixelStats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The default data shipped in the jar: a class-balanced subset of Fashion-MNIST (the first
 * 1,000 training and first 200 test images of every class, 28×28 grey), in our Arrow format,
 * built from Debian's dataset-fashion-mnist package by {@link #main}. Source and MIT licence:
 * {@code NOTICE-fashion-mnist.md} beside the files.
 */
public final class EmbeddedDataset {
    public static final String NAME = "fashion-mnist-subset";
    public static final int TRAIN_PER_CLASS = 1000;
    public static final int TEST_PER_CLASS = 200;
    private static final String RESOURCE = "/dev/pcdarts/datasets/embedded/";

    private EmbeddedDataset() {}

    public static String resourceName(boolean train) {
        return NAME + (train ? "-train" : "-test") + ".arrow";
    }

    /** The embedded split, loaded into memory. */
    public static InMemoryImageSet load(boolean train) {
        String res = RESOURCE + resourceName(train);
        try (InputStream in = EmbeddedDataset.class.getResourceAsStream(res)) {
            if (in == null) throw new DataException("the embedded dataset " + res + " is missing from the class path");
            Path tmp = Files.createTempFile("pcdarts-embedded-", ".arrow");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                try (ImageSet s = ArrowDataset.open(tmp)) {
                    return InMemoryImageSet.copyOf(s);
                } catch (DataException e) {
                    // The temporary copy is gone by the time anyone reads the message; name the resource.
                    throw new DataException(e.getMessage().replace(tmp.toString(), "the embedded dataset " + res), e);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new DataException("cannot read the embedded dataset " + res + ": " + e.getMessage(), e);
        }
    }

    /** The first {@code perClass} images of every class, in index order. */
    public static Subset balanced(ImageSet set, int perClass, String name) {
        int[] taken = new int[set.info().classes()];
        int[] idx = new int[Math.min(set.size(), perClass * set.info().classes())];
        int k = 0;
        for (int i = 0; i < set.size() && k < idx.length; i++) {
            int y = set.label(i);
            if (taken[y] < perClass) {
                taken[y]++;
                idx[k++] = i;
            }
        }
        return new Subset(set, java.util.Arrays.copyOf(idx, k), name);
    }

    /** Builds the two embedded files from a Fashion-MNIST folder: {@code EmbeddedDataset FASHION_DIR OUT_DIR}. */
    public static void main(String[] args) throws IOException {
        Path src = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
        Path out = Path.of(args.length > 1 ? args[1] : "datasets/src/main/resources/dev/pcdarts/datasets/embedded");
        for (boolean train : new boolean[] {true, false}) {
            ImageSet full = IdxReader.fashionMnist(src, train);
            InMemoryImageSet sub = InMemoryImageSet.copyOf(balanced(full, train ? TRAIN_PER_CLASS : TEST_PER_CLASS,
                    NAME + (train ? "-train" : "-test")));
            // Normalise both splits with the training subset's statistics.
            float[][] stats = PixelStats.stats(InMemoryImageSet.copyOf(balanced(IdxReader.fashionMnist(src, true), TRAIN_PER_CLASS, NAME)));
            InMemoryImageSet withStats = new InMemoryImageSet(sub.info().withStats(stats[0], stats[1]), sub.pixels(), sub.labels(), NAME);
            Path file = out.resolve(resourceName(train));
            ArrowDataset.write(withStats, file, 1000);
            System.out.println(file + ": " + withStats.size() + " images, " + Files.size(file) + " bytes");
        }
    }
}
