package dev.pcdarts.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.datasets.arrow.ArrowDataset;
import dev.pcdarts.datasets.readers.CifarReader;
import dev.pcdarts.datasets.readers.IdxReader;
import dev.pcdarts.datasets.readers.ImageFolderSet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Broken data of every kind gives a DataException naming the file and the problem. */
class BadInputTest {
    @TempDir
    Path dir;

    private static final List<String> TEN = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

    private static void rejects(Executable e, String... mention) {
        DataException ex = assertThrows(DataException.class, e);
        for (String m : mention) assertTrue(ex.getMessage().contains(m), "'" + ex.getMessage() + "' should mention " + m);
    }

    @Test
    void idxFiles() throws IOException {
        byte[] im = Files4Test.idxImages(new byte[][] {Files4Test.random(1, 4), Files4Test.random(2, 4)}, 2, 2);
        Path lb = Files.write(dir.resolve("lb"), Files4Test.idxLabels(new int[] {1, 2}));
        Path cut = Files.write(dir.resolve("cut"), Arrays.copyOf(im, im.length - 1));
        rejects(() -> IdxReader.read(cut, lb, "t", TEN), "cut", "truncated");
        byte[] magic = im.clone();
        magic[3] = 9;
        Path bad = Files.write(dir.resolve("magic"), magic);
        rejects(() -> IdxReader.read(bad, lb, "t", TEN), "magic", "not an IDX image file");
        Path gz = Files.write(dir.resolve("broken.gz"), Arrays.copyOf(Files4Test.gzip(im), 20));
        rejects(() -> IdxReader.read(gz, lb, "t", TEN), "broken.gz", "gzip");
        Path ok = Files.write(dir.resolve("ok"), im);
        Path lb11 = Files.write(dir.resolve("lb11"), Files4Test.idxLabels(new int[] {1, 11}));
        rejects(() -> IdxReader.read(ok, lb11, "t", TEN), "lb11", "label 11");
        Path lb1 = Files.write(dir.resolve("lb1"), Files4Test.idxLabels(new int[] {1}));
        rejects(() -> IdxReader.read(ok, lb1, "t", TEN), "lb1", "1 labels for 2 images");
        rejects(() -> IdxReader.read(dir.resolve("none"), lb, "t", TEN), "none", "no such file");
    }

    @Test
    void cifarFiles() throws IOException {
        Path d = Files.createDirectories(dir.resolve("c10"));
        byte[] rec = Files4Test.cifarRecords(new byte[][] {Files4Test.random(1, 3072)}, new int[][] {{3}});
        for (int b = 1; b <= 5; b++) Files.write(d.resolve("data_batch_" + b + ".bin"), rec);
        Files.write(d.resolve("data_batch_3.bin"), Arrays.copyOf(rec, rec.length - 100));
        rejects(() -> CifarReader.read(d, false, true), "data_batch_3.bin", "truncated");
        Files.write(d.resolve("data_batch_3.bin"), Files4Test.cifarRecords(new byte[][] {Files4Test.random(1, 3072)}, new int[][] {{10}}));
        rejects(() -> CifarReader.read(d, false, true), "data_batch_3.bin", "label 10");
        rejects(() -> CifarReader.read(d, false, false), "missing test_batch.bin");
        Path tgz = Files.write(dir.resolve("c.tar.gz"), Files4Test.random(3, 500));
        rejects(() -> CifarReader.read(tgz, false, true), "c.tar.gz", "corrupt");
    }

    @Test
    void arrowFiles() throws IOException {
        DatasetInfo info = new DatasetInfo("s", 2, 2, 1, TEN, new float[] {0}, new float[] {1});
        InMemoryImageSet s = new InMemoryImageSet(info, Files4Test.random(1, 40), new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, "s");
        Path f = dir.resolve("s.arrow");
        ArrowDataset.write(s, f, 3);
        byte[] all = Files.readAllBytes(f);
        Path cut = Files.write(dir.resolve("cut.arrow"), Arrays.copyOf(all, all.length / 2));
        rejects(() -> ArrowDataset.open(cut).close(), "cut.arrow", "corrupt or truncated");
        Path junk = Files.write(dir.resolve("junk.arrow"), Files4Test.random(2, 300));
        rejects(() -> ArrowDataset.open(junk).close(), "junk.arrow");
        rejects(() -> ArrowDataset.open(dir.resolve("missing.arrow")), "missing.arrow", "no such file");
        // a file whose labels exceed its class list
        DatasetInfo two = new DatasetInfo("s", 2, 2, 1, List.of("x", "y"), new float[] {0}, new float[] {1});
        var lying = new ImageSet() {
            public DatasetInfo info() { return two; }
            public int size() { return 3; }
            public void read(int i, byte[] dst, int off) { }
            public int label(int i) { return i; }
        };
        Path lab = dir.resolve("labels.arrow");
        ArrowDataset.write(lying, lab, 8);
        try (ImageSet a = ArrowDataset.open(lab)) {
            rejects(() -> a.label(0), "labels.arrow", "label 2");
        }
    }

    @Test
    void imageFolders() throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("empty"));
        Path full = Files.createDirectories(root.resolve("full"));
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", full.resolve("ok.png").toFile());
        rejects(() -> ImageFolderSet.open(root, 4, 4, false), "empty", "empty class folder");
        Files.delete(root.resolve("empty"));
        Files.write(full.resolve("bad.jpg"), Files4Test.random(5, 200));
        ImageFolderSet s = ImageFolderSet.open(root, 4, 4, false);
        assertEquals(2, s.size());
        rejects(() -> s.read(0, new byte[48], 0), "bad.jpg", "not a readable");
        ImageFolderSet skipping = ImageFolderSet.open(root, 4, 4, true);
        assertEquals(1, skipping.size());
        rejects(() -> ImageFolderSet.open(dir.resolve("nowhere"), 4, 4, false), "nowhere", "no such folder");
    }

    @Test
    void emptyOrTooSmallSetsForALoader() {
        DatasetInfo info = new DatasetInfo("e", 2, 2, 1, TEN, new float[] {0}, new float[] {1});
        InMemoryImageSet empty = new InMemoryImageSet(info, new byte[0], new int[0], "e");
        rejects(() -> dev.pcdarts.datasets.loader.Loader.plain(empty, dev.pcdarts.datasets.augment.CifarTransform.eval(),
                new dev.pcdarts.datasets.loader.Loader.Options(4, true, false, 0, 1, 0)), "empty");
        rejects(() -> new InMemoryImageSet(info, new byte[8], new int[] {0, 12}, "lbl"), "lbl", "label 12");
    }
}
