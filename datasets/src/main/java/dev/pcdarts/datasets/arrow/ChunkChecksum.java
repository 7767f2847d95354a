package dev.pcdarts.datasets.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The checksum of one chunk: CRC32C over its images in row order (H·W·C bytes each, HWC as stored),
 * followed by its labels in row order as int32 little-endian. These are exactly the bytes of the
 * chunk's two Arrow data buffers, so other readers can check a chunk without pcdarts.
 */
final class ChunkChecksum {
    private final CRC32C crc = new CRC32C();
    // Labels come after all images, so they wait here until the chunk is complete.
    private final ByteBuffer labels;

    ChunkChecksum(int rows) {
        labels = ByteBuffer.allocate(4 * rows).order(ByteOrder.LITTLE_ENDIAN);
    }

    void add(byte[] image, int off, int len, int label) {
        crc.update(image, off, len);
        labels.putInt(label);
    }

    /** The checksum of the rows added; call once, after the last row. */
    int value() {
        crc.update(labels.flip());
        return (int) crc.getValue();
    }

    static int of(byte[] pixels, int[] labels) {
        ChunkChecksum c = new ChunkChecksum(labels.length);
        int b = labels.length == 0 ? 0 : pixels.length / labels.length;
        for (int r = 0; r < labels.length; r++) c.add(pixels, r * b, b, labels[r]);
        return c.value();
    }

    static String hex(int crc) {
        return String.format("%08x", crc);
    }

    /** Parses the eight hex digits of {@link #hex}. */
    static int parseHex(String s) {
        if (s.length() != 8) throw new NumberFormatException("'" + s + "' is not eight hex digits");
        return Integer.parseUnsignedInt(s, 16);
    }
}
