package dev.pcdarts.datasets.readers;

import dev.pcdarts.datasets.DataException;
import dev.pcdarts.datasets.DatasetInfo;
import dev.pcdarts.datasets.InMemoryImageSet;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The CIFAR binary versions: CIFAR-10 records are 1 label byte + 3072 pixel bytes
 * (R, G and B planes of 32×32) in data_batch_1..5.bin / test_batch.bin; CIFAR-100 records
 * are a coarse and a fine label byte + 3072 bytes in train.bin / test.bin. Read from the
 * extracted folder or straight from the distributed .tar.gz. Pixels become HWC.
 */
public final class CifarReader {
    /** The published per-channel statistics of the CIFAR-10 training set (spec §10). */
    public static final float[] CIFAR10_MEAN = {0.49139968f, 0.48215827f, 0.44653124f};
    public static final float[] CIFAR10_STD = {0.24703233f, 0.24348505f, 0.26158768f};
    public static final List<String> CIFAR10_CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");
    private static final int PIXELS = 3 * 32 * 32;

    private CifarReader() {}

    /** @param source the extracted folder or the .tar.gz archive */
    public static InMemoryImageSet read(Path source, boolean cifar100, boolean train) {
        Map<String, byte[]> files = Files.isDirectory(source) ? fromDirectory(source) : fromArchive(source);
        List<String> wanted = cifar100 ? List.of(train ? "train.bin" : "test.bin")
                : train ? List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin")
                : List.of("test_batch.bin");
        int labelBytes = cifar100 ? 2 : 1;
        int record = labelBytes + PIXELS;
        List<byte[]> parts = new ArrayList<>();
        for (String w : wanted) {
            byte[] b = files.get(w);
            if (b == null) throw DataException.of(source, "missing " + w + " (found: " + files.keySet() + ")");
            if (b.length == 0 || b.length % record != 0) {
                throw DataException.of(source.resolve(w), "truncated or corrupt: " + b.length + " bytes is not a whole number of "
                        + record + "-byte records");
            }
            parts.add(b);
        }
        List<String> classes = classNames(files, cifar100, source);
        int n = parts.stream().mapToInt(p -> p.length / record).sum();
        byte[] px = new byte[n * PIXELS];
        int[] y = new int[n];
        int i = 0;
        for (int p = 0; p < parts.size(); p++) {
            byte[] b = parts.get(p);
            for (int r = 0; r < b.length / record; r++, i++) {
                int o = r * record;
                y[i] = b[o + labelBytes - 1] & 0xff;
                if (y[i] >= classes.size()) {
                    throw DataException.of(source.resolve(wanted.get(p)), "label " + y[i] + " of record " + r + " is outside [0, " + classes.size() + ")");
                }
                for (int k = 0; k < 1024; k++) {
                    px[i * PIXELS + k * 3] = b[o + labelBytes + k];
                    px[i * PIXELS + k * 3 + 1] = b[o + labelBytes + 1024 + k];
                    px[i * PIXELS + k * 3 + 2] = b[o + labelBytes + 2048 + k];
                }
            }
        }
        String name = (cifar100 ? "cifar-100-" : "cifar-10-") + (train ? "train" : "test");
        DatasetInfo info = new DatasetInfo(name, 32, 32, 3, classes, CIFAR10_MEAN, CIFAR10_STD);
        InMemoryImageSet set = new InMemoryImageSet(info, px, y, source.toString());
        return cifar100 ? new InMemoryImageSet(info.withStats(PixelStats.mean(set), PixelStats.std(set)), px, y, source.toString()) : set;
    }

    private static List<String> classNames(Map<String, byte[]> files, boolean cifar100, Path source) {
        byte[] meta = files.get(cifar100 ? "fine_label_names.txt" : "batches.meta.txt");
        if (meta == null) {
            if (!cifar100) return CIFAR10_CLASSES;
            List<String> l = new ArrayList<>();
            for (int i = 0; i < 100; i++) l.add("class_" + i);
            return l;
        }
        List<String> names = new ArrayList<>();
        for (String line : new String(meta, StandardCharsets.UTF_8).split("\\R")) if (!line.isBlank()) names.add(line.trim());
        int expected = cifar100 ? 100 : 10;
        if (names.size() != expected) throw DataException.of(source, "class-name file lists " + names.size() + " names, expected " + expected);
        return names;
    }

    private static Map<String, byte[]> fromDirectory(Path dir) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (var s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".bin") || n.endsWith(".txt")) m.put(n, Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw DataException.of(dir, "cannot read: " + e.getMessage());
        }
        if (m.isEmpty()) throw DataException.of(dir, "no CIFAR .bin files in this folder");
        return m;
    }

    private static Map<String, byte[]> fromArchive(Path archive) {
        if (!Files.exists(archive)) throw DataException.of(archive, "no such file or folder");
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (!e.isFile()) continue;
                String n = Path.of(e.getName()).getFileName().toString();
                if (n.endsWith(".bin") || n.endsWith(".txt")) m.put(n, Bytes.readAll(tar));
            }
        } catch (IOException e) {
            throw DataException.of(archive, "corrupt or truncated archive (" + e.getMessage() + ")");
        }
        return m;
    }
}
