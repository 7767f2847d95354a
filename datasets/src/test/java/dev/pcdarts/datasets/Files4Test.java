package dev.pcdarts.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Writes the original on-disk formats byte by byte, for the reader tests. */
final class Files4Test {
    private Files4Test() {}

    static byte[] idxImages(byte[][] images, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + images.length * rows * cols);
        b.putInt(0x00000803).putInt(images.length).putInt(rows).putInt(cols);
        for (byte[] im : images) b.put(im);
        return b.array();
    }

    static byte[] idxLabels(int[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(0x00000801).putInt(labels.length);
        for (int l : labels) b.put((byte) l);
        return b.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream g = new GZIPOutputStream(out)) {
            g.write(data);
        }
        return out.toByteArray();
    }

    /** CIFAR records: label byte(s), then the R, G and B planes of a 32×32 image given as HWC. */
    static byte[] cifarRecords(byte[][] hwc, int[][] labels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < hwc.length; i++) {
            for (int l : labels[i]) out.write(l);
            for (int k = 0; k < 3; k++) for (int p = 0; p < 1024; p++) out.write(hwc[i][p * 3 + k]);
        }
        return out.toByteArray();
    }

    static void tarGz(Path out, Map<String, byte[]> entries) throws IOException {
        try (OutputStream f = Files.newOutputStream(out);
             GZIPOutputStream g = new GZIPOutputStream(f);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(g)) {
            for (var e : entries.entrySet()) {
                TarArchiveEntry te = new TarArchiveEntry(e.getKey());
                te.setSize(e.getValue().length);
                tar.putArchiveEntry(te);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
    }

    static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
