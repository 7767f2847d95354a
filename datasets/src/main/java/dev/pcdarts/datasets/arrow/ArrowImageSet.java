package dev.pcdarts.datasets.arrow;

import dev.pcdarts.datasets.DataException;
import dev.pcdarts.datasets.DatasetInfo;
import dev.pcdarts.datasets.ImageSet;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A pcdarts Arrow dataset read in place: one record batch (chunk) at a time is decompressed and
 * kept, so memory stays bounded whatever the file size. Loaders shuffle chunk by chunk. A chunk
 * whose checksum does not match is a {@link DataException} naming the file and the chunk.
 */
public final class ArrowImageSet implements ImageSet {
    private final Path file;
    private final BufferAllocator alloc;
    private final FileChannel channel;
    private final ArrowFileReader reader;
    private final List<ArrowBlock> blocks;
    private final DatasetInfo info;
    private final int count;
    private final int chunk;
    private final int[] checksums;
    private int loaded = -1;
    private byte[] pixels;
    private int[] labels;

    private ArrowImageSet(Path file, BufferAllocator alloc, FileChannel channel, ArrowFileReader reader, List<ArrowBlock> blocks,
                          DatasetInfo info, int count, int chunk, int[] checksums) {
        this.file = file;
        this.alloc = alloc;
        this.channel = channel;
        this.reader = reader;
        this.blocks = blocks;
        this.info = info;
        this.count = count;
        this.chunk = chunk;
        this.checksums = checksums;
    }

    static ArrowImageSet open(Path file) {
        BufferAllocator alloc = new RootAllocator();
        FileChannel ch = null;
        ArrowFileReader r = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            r = new ArrowFileReader(ch, alloc, CommonsCompressionFactory.INSTANCE);
            Schema schema = r.getVectorSchemaRoot().getSchema();
            Map<String, String> m = schema.getCustomMetadata();
            String format = m == null ? null : m.get("pcdarts.format");
            if (ArrowDataset.FORMAT_1.equals(format)) {
                throw DataException.of(file, "written by an older pcdarts (format " + format + ", without chunk checksums): "
                        + ArrowDataset.RECREATE + " from its source");
            }
            if (!ArrowDataset.FORMAT.equals(format)) {
                throw ArrowDataset.bad(file, "schema metadata lacks pcdarts.format=" + ArrowDataset.FORMAT);
            }
            int h = ArrowDataset.parseInt(file, m, "height"), w = ArrowDataset.parseInt(file, m, "width");
            int c = ArrowDataset.parseInt(file, m, "channels");
            int count = ArrowDataset.parseInt(file, m, "count"), chunk = ArrowDataset.parseInt(file, m, "chunk");
            List<String> names = ArrowDataset.parseStrings(file, m.getOrDefault("class_names", "[]"));
            if (names.isEmpty()) throw ArrowDataset.bad(file, "no class names");
            DatasetInfo info = new DatasetInfo(m.getOrDefault("name", file.getFileName().toString()), h, w, c, names,
                    ArrowDataset.parseFloats(file, "mean", m.getOrDefault("mean", "[]"), c),
                    ArrowDataset.parseFloats(file, "std", m.getOrDefault("std", "[]"), c));
            Field image = schema.findField(ArrowDataset.IMAGE);
            Field label = schema.findField(ArrowDataset.LABEL);
            if (!(image.getType() instanceof ArrowType.FixedSizeBinary fb) || fb.getByteWidth() != info.imageBytes()) {
                throw ArrowDataset.bad(file, "column image must be fixed_size_binary(" + info.imageBytes() + "), is " + image.getType());
            }
            if (!(label.getType() instanceof ArrowType.Int it) || it.getBitWidth() != 32) {
                throw ArrowDataset.bad(file, "column label must be int32, is " + label.getType());
            }
            List<ArrowBlock> blocks = r.getRecordBlocks();
            if (chunk < 1 || count < 0 || blocks.size() != (count + chunk - 1) / chunk) {
                throw ArrowDataset.bad(file, blocks.size() + " record batches for " + count + " images in chunks of " + chunk);
            }
            int[] sums = ArrowDataset.parseChecksums(file, r.getMetaData(), blocks.size());
            return new ArrowImageSet(file, alloc, ch, r, blocks, info, count, chunk, sums);
        } catch (NoSuchFileException e) {
            closeQuietly(r, ch, alloc);
            throw DataException.of(file, "no such file");
        } catch (DataException e) {
            closeQuietly(r, ch, alloc);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(r, ch, alloc);
            throw DataException.of(file, "corrupt or truncated Arrow file: " + ArrowDataset.RECREATE, e);
        }
    }

    private static void closeQuietly(AutoCloseable... cs) {
        for (AutoCloseable c : cs) {
            if (c == null) continue;
            try {
                c.close();
            } catch (Exception ignored) {
                // already failing; the first error is the one to report
            }
        }
    }

    private String chunkName(int block) {
        return "chunk " + (block + 1) + " of " + blocks.size();
    }

    private void load(int block) {
        if (block == loaded) return;
        try {
            if (!reader.loadRecordBatch(blocks.get(block))) throw DataException.of(file, chunkName(block) + " is missing: " + ArrowDataset.RECREATE);
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            int rows = root.getRowCount();
            int expected = Math.min(chunk, count - block * chunk);
            if (rows != expected) throw ArrowDataset.bad(file, chunkName(block) + " has " + rows + " rows, expected " + expected);
            FixedSizeBinaryVector im = (FixedSizeBinaryVector) root.getVector(ArrowDataset.IMAGE);
            IntVector lb = (IntVector) root.getVector(ArrowDataset.LABEL);
            int b = info.imageBytes();
            byte[] px = new byte[rows * b];
            int[] y = new int[rows];
            for (int r = 0; r < rows; r++) {
                if (im.isNull(r) || lb.isNull(r)) throw ArrowDataset.bad(file, "null value in " + chunkName(block) + " row " + r);
                System.arraycopy(im.get(r), 0, px, r * b, b);
                y[r] = lb.get(r);
            }
            // Checked before the labels, so a flipped label byte reads as corruption, not as a wrong class list.
            if (ChunkChecksum.of(px, y) != checksums[block]) {
                throw DataException.of(file, chunkName(block) + " is corrupt (checksum mismatch): " + ArrowDataset.RECREATE);
            }
            for (int r = 0; r < rows; r++) {
                if (y[r] < 0 || y[r] >= info.classes()) {
                    throw DataException.of(file, "label " + y[r] + " of image " + (block * chunk + r) + " is outside [0, " + info.classes() + ")");
                }
            }
            pixels = px;
            labels = y;
            loaded = block;
        } catch (DataException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw DataException.of(file, chunkName(block) + " is corrupt or truncated (it does not decode): " + ArrowDataset.RECREATE, e);
        }
    }

    @Override
    public DatasetInfo info() {
        return info;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public synchronized void read(int index, byte[] dst, int off) {
        java.util.Objects.checkIndex(index, count);
        load(index / chunk);
        int b = info.imageBytes();
        System.arraycopy(pixels, (index % chunk) * b, dst, off, b);
    }

    @Override
    public synchronized int label(int index) {
        java.util.Objects.checkIndex(index, count);
        load(index / chunk);
        return labels[index % chunk];
    }

    @Override
    public boolean streaming() {
        return true;
    }

    @Override
    public int blockSize() {
        return chunk;
    }

    @Override
    public synchronized void close() {
        closeQuietly(reader, channel, alloc);
    }
}
