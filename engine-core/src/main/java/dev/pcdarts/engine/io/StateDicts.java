package dev.pcdarts.engine.io;

import dev.pcdarts.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A PyTorch {@code state_dict} from a file, whichever way it was saved: safetensors, or
 * {@code torch.save} (a zip archive holding {@code <name>/data.pkl} and one raw little-endian
 * storage per tensor under {@code <name>/data/}). Tensors come back in the file's order, as
 * float with their original dtype noted (I64 ones exactly, in {@link Safetensors.Entry#longs}).
 */
public final class StateDicts {
    private StateDicts() {}

    /** The named tensors of {@code file}; every failure is an IOException whose one-line message starts with the file. */
    public static Map<String, Safetensors.Entry> read(Path file) throws IOException {
        byte[] magic = new byte[4];
        int n;
        try (InputStream s = Files.newInputStream(file)) {
            n = s.readNBytes(magic, 0, 4);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        }
        if (n == 4 && magic[0] == 'P' && magic[1] == 'K') return readTorch(file);
        if (n >= 2 && (magic[0] & 0xff) == 0x80 && magic[1] == 2) {
            throw new IOException(file + ": a legacy (pre-1.6) torch.save file: load and save it again with a current PyTorch");
        }
        return Safetensors.read(file).tensors();
    }

    private static Map<String, Safetensors.Entry> readTorch(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = null;
            for (var it = zip.entries(); it.hasMoreElements(); ) {
                String name = it.nextElement().getName();
                if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                    prefix = name.substring(0, name.length() - "data.pkl".length());
                    break;
                }
            }
            if (prefix == null) throw new IOException(file + ": a zip archive without data.pkl, not a torch.save file");
            ZipEntry order = zip.getEntry(prefix + "byteorder");
            if (order != null && !"little".equals(new String(bytes(zip, order, file), java.nio.charset.StandardCharsets.US_ASCII).strip())) {
                throw new IOException(file + ": saved on a big-endian machine, which is not supported");
            }
            Object root;
            try {
                root = StateDictPickle.load(bytes(zip, zip.getEntry(prefix + "data.pkl"), file));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage());
            }
            if (!(root instanceof Map<?, ?> dict)) {
                throw new IOException(file + ": not a state_dict: it holds " + StateDictPickle.describe(root) + ", not a dictionary of tensors");
            }
            Map<String, Safetensors.Entry> out = new LinkedHashMap<>();
            Map<String, byte[]> storages = new java.util.HashMap<>();
            for (var e : dict.entrySet()) {
                if (!(e.getKey() instanceof String key) || !(e.getValue() instanceof StateDictPickle.TensorRef t)) {
                    throw new IOException(file + ": not a state_dict: entry " + e.getKey() + " is " + StateDictPickle.describe(e.getValue())
                            + ", not a tensor");
                }
                StateDictPickle.StorageRef s = t.storage();
                byte[] data = storages.get(s.key());
                if (data == null) {
                    ZipEntry ze = zip.getEntry(prefix + "data/" + s.key());
                    if (ze == null) throw new IOException(file + ": tensor " + key + " refers to storage " + s.key() + ", which is missing");
                    data = bytes(zip, ze, file);
                    storages.put(s.key(), data);
                }
                out.put(key, tensor(file, key, t, data));
            }
            return out;
        } catch (ZipException e) {
            throw new IOException(file + ": not a readable torch.save archive (truncated or damaged: " + e.getMessage() + ")");
        }
    }

    private static byte[] bytes(ZipFile zip, ZipEntry e, Path file) throws IOException {
        try (InputStream s = zip.getInputStream(e)) {
            return s.readAllBytes();
        } catch (ZipException | java.io.EOFException x) {
            throw new IOException(file + ": " + e.getName() + " is truncated or damaged (" + x.getMessage() + ")");
        }
    }

    private static int width(String dtype) {
        return switch (dtype) {
            case "F64", "I64" -> 8;
            case "F16", "BF16" -> 2;
            default -> 4;
        };
    }

    /** The elements of a view in row-major order: strided views are gathered, contiguous ones decoded directly. */
    private static Safetensors.Entry tensor(Path file, String key, StateDictPickle.TensorRef t, byte[] data) throws IOException {
        String dtype = t.storage().dtype();
        int w = width(dtype);
        long numel = 1;
        long last = t.offset();
        for (int i = 0; i < t.shape().length; i++) {
            numel *= t.shape()[i];
            if (t.shape()[i] > 0) last += (t.shape()[i] - 1) * t.stride()[i];
        }
        if (numel > Integer.MAX_VALUE / 8) throw new IOException(file + ": tensor " + key + " is too large");
        if (numel > 0 && ((last + 1) * w > data.length || last + 1 > t.storage().numel())) {
            throw new IOException(file + ": tensor " + key + " reaches beyond its storage of " + data.length + " bytes (truncated file?)");
        }
        int n = (int) numel;
        ByteBuffer gathered = ByteBuffer.allocate(n * w).order(ByteOrder.LITTLE_ENDIAN);
        int[] idx = new int[t.shape().length];
        for (int k = 0; k < n; k++) {
            long at = t.offset();
            for (int i = 0; i < idx.length; i++) at += idx[i] * t.stride()[i];
            gathered.put(data, (int) (at * w), w);
            for (int i = idx.length - 1; i >= 0; i--) {
                if (++idx[i] < t.shape()[i]) break;
                idx[i] = 0;
            }
        }
        gathered.flip();
        return Safetensors.decode(dtype, t.shape(), n, gathered.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    /**
     * Writes {@code tensors} (F32 and I64) as {@code torch.save(state_dict)} does, atomically: a
     * zip of {@code <name>/data.pkl} (see {@link StateDictPickler}), {@code byteorder},
     * {@code data/<i>} (tensor i's little-endian elements) and {@code version}, where
     * {@code <name>} is the file name without its extension; {@code torch.load} returns an
     * OrderedDict that {@code load_state_dict(strict=True)} accepts.
     */
    public static void writeTorch(Path file, Map<String, Safetensors.Entry> tensors) throws IOException {
        var list = java.util.List.copyOf(tensors.entrySet());
        TorchArchive zip = new TorchArchive(TorchArchive.archiveName(file));
        zip.add("data.pkl", StateDictPickler.pickle(list));
        zip.add("byteorder", "little".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        java.util.TreeMap<String, Safetensors.Entry> byKey = new java.util.TreeMap<>(); // PyTorch writes them sorted as strings
        for (int i = 0; i < list.size(); i++) byKey.put(Integer.toString(i), list.get(i).getValue());
        for (var e : byKey.entrySet()) zip.add("data/" + e.getKey(), storage(e.getValue()));
        zip.add("version", "3\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        AtomicFiles.write(file, zip.finish());
    }

    private static byte[] storage(Safetensors.Entry t) {
        boolean i64 = "I64".equals(t.dtype());
        int n = i64 ? t.longs().length : t.values().length;
        if (t.numel() != n) throw new IllegalArgumentException("a tensor's shape does not match its values");
        ByteBuffer b = ByteBuffer.allocate((i64 ? 8 : 4) * n).order(ByteOrder.LITTLE_ENDIAN);
        if (i64) {
            for (long v : t.longs()) b.putLong(v);
        } else {
            for (float v : t.values()) b.putFloat(v);
        }
        return b.array();
    }

    /** Whether {@code name} is a BatchNorm counter that PyTorch keeps and our networks do not. */
    public static boolean isBatchCounter(String name) {
        return name.equals("num_batches_tracked") || name.endsWith(".num_batches_tracked");
    }

}
