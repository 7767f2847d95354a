package dev.pcdarts.datasets.arrow;

import dev.pcdarts.datasets.DataException;
import dev.pcdarts.datasets.DatasetInfo;
import dev.pcdarts.datasets.ImageSet;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Writes any {@link ImageSet} in the pcdarts Arrow format; {@link ArrowImageSet} reads it. */
public final class ArrowDataset {
    public static final String FORMAT = "pcdarts-images-2";
    /** The first format, without chunk checksums; the reader refuses it. */
    static final String FORMAT_1 = "pcdarts-images-1";
    /** Footer metadata key: a JSON list of each chunk's {@link ChunkChecksum} as eight hex digits. */
    static final String CHECKSUMS = "pcdarts.chunk_crc32c";
    static final String RECREATE = "re-create it with 'pcdarts data convert'";
    static final String IMAGE = "image";
    static final String LABEL = "label";

    private ArrowDataset() {}

    static Map<String, String> metadata(DatasetInfo info) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("pcdarts.format", FORMAT);
        m.put("name", info.name());
        m.put("layout", "HWC uint8");
        m.put("height", Integer.toString(info.height()));
        m.put("width", Integer.toString(info.width()));
        m.put("channels", Integer.toString(info.channels()));
        m.put("class_names", JsonText.strings(info.classNames()));
        m.put("mean", JsonText.floats(info.mean()));
        m.put("std", JsonText.floats(info.std()));
        return m;
    }

    /** Writes {@code set} to {@code out} in chunks of {@code chunk} images, atomically. */
    public static void write(ImageSet set, Path out, int chunk) throws IOException {
        if (chunk < 1) throw new IllegalArgumentException("chunk must be positive");
        DatasetInfo info = set.info();
        int bytes = info.imageBytes();
        Map<String, String> meta = metadata(info);
        meta.put("count", Integer.toString(set.size()));
        meta.put("chunk", Integer.toString(chunk));
        Schema schema = new Schema(List.of(
                new Field(IMAGE, FieldType.notNullable(new ArrowType.FixedSizeBinary(bytes)), null),
                new Field(LABEL, FieldType.notNullable(new ArrowType.Int(32, true)), null)), meta);
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".tmp");
        // The checksums are known only after the last batch, so they go into the footer: the writer
        // serialises this map in end(), not when it is constructed.
        Map<String, String> footer = new LinkedHashMap<>();
        try (BufferAllocator alloc = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(schema, alloc);
             FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             ArrowFileWriter w = new ArrowFileWriter(root, null, ch, footer, IpcOption.DEFAULT, CommonsCompressionFactory.INSTANCE,
                     CompressionUtil.CodecType.ZSTD)) {
            w.start();
            FixedSizeBinaryVector images = (FixedSizeBinaryVector) root.getVector(IMAGE);
            IntVector labels = (IntVector) root.getVector(LABEL);
            byte[] img = new byte[bytes];
            List<String> sums = new ArrayList<>();
            for (int s = 0; s < set.size(); s += chunk) {
                int rows = Math.min(chunk, set.size() - s);
                images.allocateNew(rows);
                labels.allocateNew(rows);
                ChunkChecksum sum = new ChunkChecksum(rows);
                for (int r = 0; r < rows; r++) {
                    set.read(s + r, img, 0);
                    int y = set.label(s + r);
                    images.set(r, img);
                    labels.set(r, y);
                    sum.add(img, 0, bytes, y);
                }
                images.setValueCount(rows);
                labels.setValueCount(rows);
                root.setRowCount(rows);
                w.writeBatch();
                sums.add(ChunkChecksum.hex(sum.value()));
            }
            footer.put(CHECKSUMS, JsonText.strings(sums));
            w.end();
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Opens a file written by {@link #write}; reads stream one record batch at a time. */
    public static ArrowImageSet open(Path file) {
        return ArrowImageSet.open(file);
    }

    /** True when the path looks like an Arrow IPC file (by its magic bytes). */
    public static boolean isArrowFile(Path p) {
        if (!Files.isRegularFile(p)) return false;
        try (var in = Files.newInputStream(p)) {
            byte[] m = in.readNBytes(6);
            return new String(m, java.nio.charset.StandardCharsets.US_ASCII).equals("ARROW1");
        } catch (IOException e) {
            return false;
        }
    }

    static DataException bad(Path file, String what) {
        return DataException.of(file, "not a valid pcdarts Arrow dataset: " + what);
    }

    /** The chunk checksums from the footer metadata, one per record batch. */
    static int[] parseChecksums(Path file, Map<String, String> footer, int chunks) {
        String json = footer == null ? null : footer.get(CHECKSUMS);
        if (json == null) throw bad(file, "footer metadata lacks " + CHECKSUMS);
        try {
            List<String> hex = JsonText.parseStrings(json);
            if (hex.size() != chunks) throw new IllegalArgumentException(hex.size() + " checksums for " + chunks + " chunks");
            int[] v = new int[chunks];
            for (int i = 0; i < chunks; i++) v[i] = ChunkChecksum.parseHex(hex.get(i));
            return v;
        } catch (IllegalArgumentException e) {
            throw bad(file, CHECKSUMS + " metadata: " + e.getMessage());
        }
    }

    static List<String> parseStrings(Path file, String json) {
        try {
            return JsonText.parseStrings(json);
        } catch (IllegalArgumentException e) {
            throw bad(file, "class_names metadata: " + e.getMessage());
        }
    }

    static float[] parseFloats(Path file, String key, String json, int n) {
        try {
            float[] v = JsonText.parseFloats(json);
            if (v.length != n) throw new IllegalArgumentException(v.length + " values for " + n + " channels");
            return v;
        } catch (IllegalArgumentException e) {
            throw bad(file, key + " metadata: " + e.getMessage());
        }
    }

    static int parseInt(Path file, Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) throw bad(file, "metadata lacks " + key);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw bad(file, key + " metadata '" + v + "' is not a number");
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static List<Integer> cumulative(List<Integer> rows) {
        List<Integer> c = new ArrayList<>();
        int acc = 0;
        for (int r : rows) {
            c.add(acc);
            acc += r;
        }
        c.add(acc);
        return c;
    }
}
