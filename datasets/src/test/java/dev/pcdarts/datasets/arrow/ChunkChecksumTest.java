package dev.pcdarts.datasets.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.datasets.DataException;
import dev.pcdarts.datasets.DatasetInfo;
import dev.pcdarts.datasets.ImageSet;
import dev.pcdarts.datasets.InMemoryImageSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every chunk of a pcdarts Arrow file is checked: a changed byte is a one-line error naming the file and the chunk. */
class ChunkChecksumTest {
    @TempDir
    Path dir;

    private static final int IMAGES = 25, CHUNK = 4, CHUNKS = 7, BYTES = 8 * 8 * 3;
    private static final List<String> TEN = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

    /** Random pixels do not compress, so the writer stores each image's bytes verbatim and a test can find them. */
    private static InMemoryImageSet randomSet(boolean compressible) {
        Random rnd = new Random(7);
        byte[] px = new byte[IMAGES * BYTES];
        if (compressible) {
            // Two bits per byte: compresses, yet the compressed image buffer still fills most of a chunk.
            for (int i = 0; i < px.length; i++) px[i] = (byte) rnd.nextInt(4);
        } else {
            rnd.nextBytes(px);
        }
        int[] y = new int[IMAGES];
        for (int i = 0; i < IMAGES; i++) y[i] = rnd.nextInt(10);
        DatasetInfo info = new DatasetInfo("syn", 8, 8, 3, TEN, new float[] {0.1f, 0.2f, 0.3f}, new float[] {1, 2, 3});
        return new InMemoryImageSet(info, px, y, "syn");
    }

    private Path written(InMemoryImageSet s, String name) throws IOException {
        Path f = dir.resolve(name);
        ArrowDataset.write(s, f, CHUNK);
        return f;
    }

    private static String corrupt(Path f, int chunk) {
        return f + ": chunk " + chunk + " of " + CHUNKS + " is corrupt (checksum mismatch): re-create it with 'pcdarts data convert'";
    }

    private static DataException rejects(Path f, ThrowingRunnable r) {
        DataException e = assertThrows(DataException.class, r::run);
        assertTrue(e.getMessage().startsWith(f + ": "), "names the file: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), "no Java exception text: " + e.getMessage());
        return e;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) return i;
        }
        return -1;
    }

    @Test
    void aCleanFileReadsBackIdenticallyAndItsChecksumsCoverTheDocumentedBytes() throws IOException {
        InMemoryImageSet s = randomSet(false);
        Path f = written(s, "clean.arrow");
        try (ImageSet a = ArrowDataset.open(f)) {
            InMemoryImageSet back = InMemoryImageSet.copyOf(a);
            assertArrayEquals(s.pixels(), back.pixels());
            assertArrayEquals(s.labels(), back.labels());
        }
        // Recomputed here from the package documentation: images in row order, then labels as int32 little-endian.
        try (BufferAllocator alloc = new RootAllocator();
             FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
             ArrowFileReader r = new ArrowFileReader(ch, alloc)) {
            assertEquals(ArrowDataset.FORMAT, r.getVectorSchemaRoot().getSchema().getCustomMetadata().get("pcdarts.format"));
            List<String> sums = JsonText.parseStrings(r.getMetaData().get("pcdarts.chunk_crc32c"));
            assertEquals(CHUNKS, sums.size());
            for (int k = 0; k < CHUNKS; k++) {
                int from = k * CHUNK, rows = Math.min(CHUNK, IMAGES - from);
                CRC32C crc = new CRC32C();
                crc.update(s.pixels(), from * BYTES, rows * BYTES);
                ByteBuffer labels = ByteBuffer.allocate(4 * rows).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < rows; i++) labels.putInt(s.labels()[from + i]);
                crc.update(labels.flip());
                assertEquals(String.format("%08x", crc.getValue()), sums.get(k), "chunk " + (k + 1));
            }
        }
    }

    @Test
    void aFlippedImageByteIsADataErrorNamingTheFileAndTheChunk() throws IOException {
        InMemoryImageSet s = randomSet(false);
        byte[] clean = Files.readAllBytes(written(s, "clean.arrow"));
        for (int image : new int[] {0, 9, 24}) { // chunks 1, 3 and the last, shorter one
            byte[] target = Arrays.copyOfRange(s.pixels(), image * BYTES, (image + 1) * BYTES);
            int at = indexOf(clean, target);
            assertTrue(at > 0, "image " + image + " is stored verbatim");
            byte[] bytes = clean.clone();
            bytes[at + BYTES / 2] ^= 0x10;
            Path f = Files.write(dir.resolve("flipped-" + image + ".arrow"), bytes);
            int chunk = image / CHUNK + 1;
            try (ImageSet a = ArrowDataset.open(f)) {
                byte[] img = new byte[BYTES];
                int other = image == 0 ? IMAGES - 1 : 0;
                a.read(other, img, 0); // the other chunks still read
                assertArrayEquals(Arrays.copyOfRange(s.pixels(), other * BYTES, (other + 1) * BYTES), img);
                assertEquals(corrupt(f, chunk), rejects(f, () -> a.read(image, img, 0)).getMessage());
                assertEquals(corrupt(f, chunk), rejects(f, () -> a.label(image)).getMessage());
            }
        }
    }

    @Test
    void aChangedByteInsideACompressedChunkNamesThatChunk() throws IOException {
        InMemoryImageSet s = randomSet(true);
        Path clean = written(s, "zstd.arrow");
        byte[] bytes = Files.readAllBytes(clean);
        List<ArrowBlock> blocks;
        try (BufferAllocator alloc = new RootAllocator();
             FileChannel ch = FileChannel.open(clean, StandardOpenOption.READ);
             ArrowFileReader r = new ArrowFileReader(ch, alloc)) {
            blocks = r.getRecordBlocks();
        }
        assertEquals(CHUNKS, blocks.size());
        for (int k : new int[] {1, 4}) {
            ArrowBlock b = blocks.get(k);
            byte[] copy = bytes.clone();
            copy[(int) (b.getOffset() + b.getMetadataLength() + b.getBodyLength() / 2)] ^= 0x01;
            Path f = Files.write(dir.resolve("zstd-" + k + ".arrow"), copy);
            try (ImageSet a = ArrowDataset.open(f)) {
                a.label(k == 1 ? 0 : IMAGES - 1);
                String msg = rejects(f, () -> a.label(k * CHUNK)).getMessage();
                assertTrue(msg.startsWith(f + ": chunk " + (k + 1) + " of " + CHUNKS + " is corrupt"), msg);
                assertTrue(msg.endsWith("re-create it with 'pcdarts data convert'"), msg);
            }
        }
    }

    @Test
    void aTruncatedFileIsADataErrorNamingTheFile() throws IOException {
        byte[] clean = Files.readAllBytes(written(randomSet(false), "clean.arrow"));
        for (int keep : new int[] {clean.length - 1, clean.length - 40, clean.length / 2, 12}) {
            Path f = Files.write(dir.resolve("cut-" + keep + ".arrow"), Arrays.copyOf(clean, keep));
            String msg = rejects(f, () -> ArrowDataset.open(f).close()).getMessage();
            assertTrue(msg.contains("corrupt or truncated"), msg);
        }
    }

    /** A file that has only the schema metadata given (no footer metadata, no record batches). */
    private Path headerOnly(String name, String format) throws IOException {
        Path f = dir.resolve(name);
        Map<String, String> meta = ArrowDataset.metadata(randomSet(false).info());
        meta.put("pcdarts.format", format);
        meta.put("count", "0");
        meta.put("chunk", "4");
        Schema schema = new Schema(List.of(
                new Field(ArrowDataset.IMAGE, FieldType.notNullable(new ArrowType.FixedSizeBinary(BYTES)), null),
                new Field(ArrowDataset.LABEL, FieldType.notNullable(new ArrowType.Int(32, true)), null)), meta);
        try (BufferAllocator alloc = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(schema, alloc);
             FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
            w.start();
            w.end();
        }
        return f;
    }

    @Test
    void aFileOfTheFirstFormatIsRefusedWithHowToReCreateIt() throws IOException {
        Path f = headerOnly("v1.arrow", "pcdarts-images-1");
        assertEquals(f + ": written by an older pcdarts (format pcdarts-images-1, without chunk checksums): "
                + "re-create it with 'pcdarts data convert' from its source", rejects(f, () -> ArrowDataset.open(f)).getMessage());
        Path g = headerOnly("v2-without-sums.arrow", ArrowDataset.FORMAT);
        assertTrue(rejects(g, () -> ArrowDataset.open(g)).getMessage().contains("footer metadata lacks pcdarts.chunk_crc32c"));
    }
}
