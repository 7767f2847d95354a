package dev.pcdarts.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.datasets.arrow.ArrowDataset;
import dev.pcdarts.datasets.readers.CifarReader;
import dev.pcdarts.datasets.readers.IdxReader;
import dev.pcdarts.datasets.readers.ImageFolderSet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synthetic files in each original layout, read back to the arrays they were made from. */
class FormatsTest {
    @TempDir
    Path dir;

    private static final List<String> TEN = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

    @Test
    void idxPlainAndGzipped() throws IOException {
        byte[][] imgs = {Files4Test.random(1, 12), Files4Test.random(2, 12), Files4Test.random(3, 12)};
        int[] labels = {9, 0, 4};
        Files.write(dir.resolve("im"), Files4Test.idxImages(imgs, 3, 4));
        Files.write(dir.resolve("lb"), Files4Test.idxLabels(labels));
        Files.write(dir.resolve("im.gz"), Files4Test.gzip(Files4Test.idxImages(imgs, 3, 4)));
        Files.write(dir.resolve("lb.gz"), Files4Test.gzip(Files4Test.idxLabels(labels)));
        for (String suffix : new String[] {"", ".gz"}) {
            InMemoryImageSet s = IdxReader.read(dir.resolve("im" + suffix), dir.resolve("lb" + suffix), "t", TEN);
            assertEquals(3, s.info().height());
            assertEquals(4, s.info().width());
            assertArrayEquals(labels, s.labels());
            byte[] img = new byte[12];
            for (int i = 0; i < 3; i++) {
                s.read(i, img, 0);
                assertArrayEquals(imgs[i], img);
            }
        }
    }

    @Test
    void cifar10FolderAndArchiveGiveHwcImages() throws IOException {
        byte[][] imgs = new byte[7][];
        int[][] labels = new int[7][];
        for (int i = 0; i < 7; i++) {
            imgs[i] = Files4Test.random(10 + i, 3072);
            labels[i] = new int[] {i % 10};
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        // 5 training batches and a test batch, of uneven sizes
        int[][] cuts = {{0, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}};
        for (int b = 0; b < 5; b++) {
            files.put("cifar-10-batches-bin/data_batch_" + (b + 1) + ".bin", Files4Test.cifarRecords(
                    java.util.Arrays.copyOfRange(imgs, cuts[b][0], cuts[b][1]), java.util.Arrays.copyOfRange(labels, cuts[b][0], cuts[b][1])));
        }
        files.put("cifar-10-batches-bin/test_batch.bin", Files4Test.cifarRecords(new byte[][] {imgs[6]}, new int[][] {labels[6]}));
        files.put("cifar-10-batches-bin/batches.meta.txt", String.join("\n", CifarReader.CIFAR10_CLASSES).getBytes(StandardCharsets.UTF_8));
        Files4Test.tarGz(dir.resolve("c10.tar.gz"), files);
        Path folder = dir.resolve("extracted");
        for (var e : files.entrySet()) {
            Path p = folder.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        for (Path src : new Path[] {dir.resolve("c10.tar.gz"), folder}) {
            InMemoryImageSet train = CifarReader.read(src, false, true);
            assertEquals(6, train.size());
            byte[] img = new byte[3072];
            for (int i = 0; i < 6; i++) {
                train.read(i, img, 0);
                assertArrayEquals(imgs[i], img, "image " + i + " from " + src);
                assertEquals(labels[i][0], train.label(i));
            }
            assertEquals("automobile", train.info().classNames().get(1));
            assertEquals(1, CifarReader.read(src, false, false).size());
        }
    }

    @Test
    void cifar100UsesTheFineLabel() throws IOException {
        byte[][] imgs = {Files4Test.random(5, 3072), Files4Test.random(6, 3072)};
        Path d = dir.resolve("c100");
        Files.createDirectories(d);
        Files.write(d.resolve("train.bin"), Files4Test.cifarRecords(imgs, new int[][] {{3, 77}, {19, 5}}));
        Files.write(d.resolve("test.bin"), Files4Test.cifarRecords(imgs, new int[][] {{3, 77}, {19, 5}}));
        InMemoryImageSet s = CifarReader.read(d, true, true);
        assertArrayEquals(new int[] {77, 5}, s.labels());
        assertEquals(100, s.info().classes());
    }

    @Test
    void imageFoldersOfPngAndJpeg() throws IOException {
        Path root = dir.resolve("folders");
        int[][] colours = {{255, 0, 0}, {0, 128, 255}};
        String[] classes = {"cat", "dog"};
        for (int c = 0; c < 2; c++) {
            Path d = Files.createDirectories(root.resolve(classes[c]));
            BufferedImage im = new BufferedImage(12, 8, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 8; y++) for (int x = 0; x < 12; x++) im.setRGB(x, y, (colours[c][0] << 16) | (colours[c][1] << 8) | colours[c][2]);
            ImageIO.write(im, "png", d.resolve("a.png").toFile());
            ImageIO.write(im, "jpg", d.resolve("b.jpg").toFile());
            Files.writeString(d.resolve("notes.txt"), "not an image");
        }
        ImageFolderSet s = ImageFolderSet.open(root, 8, 8, false);
        assertEquals(List.of("cat", "dog"), s.info().classNames());
        assertEquals(4, s.size());
        byte[] img = new byte[8 * 8 * 3];
        for (int i = 0; i < 4; i++) {
            s.read(i, img, 0);
            int[] want = colours[s.label(i)];
            boolean jpeg = s.file(i).toString().endsWith(".jpg");
            for (int p = 0; p < 64; p++) {
                for (int k = 0; k < 3; k++) {
                    int got = img[p * 3 + k] & 0xff;
                    assertTrue(jpeg ? Math.abs(got - want[k]) <= 8 : got == want[k], s.file(i) + " pixel " + p + " channel " + k + ": " + got);
                }
            }
        }
        Path list = dir.resolve("lists/train.txt");
        s.writeFileList(new int[] {0, 3}, list);
        assertEquals(List.of("# root " + s.file(0).getParent().getParent().toAbsolutePath(), "# class cat", "# class dog", "cat/a.png 0", "dog/b.jpg 1"),
                Files.readAllLines(list));
        ImageFolderSet listed = ImageFolderSet.fromList(list, 8, 8);
        assertEquals(List.of("cat", "dog"), listed.info().classNames());
        assertEquals(2, listed.size());
        assertEquals(s.file(3), listed.file(1));
        assertEquals(1, listed.label(1));
        byte[] a = new byte[8 * 8 * 3], b = new byte[8 * 8 * 3];
        s.read(3, a, 0);
        listed.read(1, b, 0);
        assertArrayEquals(a, b);
        Files.writeString(list, "cat/a.png 0\n");
        DataException noHeader = assertThrows(DataException.class, () -> ImageFolderSet.fromList(list, 8, 8));
        assertTrue(noHeader.getMessage().contains("line 1"), noHeader.getMessage());
    }

    @Test
    void arrowRoundTripWithSeveralChunksAndStreamingReads() throws IOException {
        byte[] px = Files4Test.random(9, 25 * 2 * 3 * 3);
        int[] y = new int[25];
        for (int i = 0; i < 25; i++) y[i] = (i * 7) % 10;
        DatasetInfo info = new DatasetInfo("syn", 2, 3, 3, TEN, new float[] {0.1f, 0.2f, 0.3f}, new float[] {1, 2, 3});
        InMemoryImageSet s = new InMemoryImageSet(info, px, y, "syn");
        Path f = dir.resolve("syn.arrow");
        ArrowDataset.write(s, f, 4);
        assertTrue(ArrowDataset.isArrowFile(f));
        try (ImageSet a = ArrowDataset.open(f)) {
            assertTrue(a.streaming());
            assertEquals(4, a.blockSize());
            assertEquals(25, a.size());
            byte[] img = new byte[18];
            byte[] want = new byte[18];
            for (int i : new int[] {24, 0, 13, 3, 4, 22}) { // out of order: chunks load on demand
                a.read(i, img, 0);
                s.read(i, want, 0);
                assertArrayEquals(want, img);
                assertEquals(y[i], a.label(i));
            }
            assertEquals(info.classNames(), a.info().classNames());
            assertArrayEquals(info.std(), a.info().std());
        }
    }
}
