package dev.pcdarts.engine.io;

import dev.pcdarts.io.AtomicFiles;
import dev.pcdarts.io.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data. F32 and I64 are
 * written; F32, F64, F16, BF16 (all read as float) and I64 are read. Reading validates
 * everything before returning, so a bad file never half-loads.
 */
public final class Safetensors {
    private static final long MAX_HEADER = 100L << 20;

    private Safetensors() {}

    /**
     * One stored tensor. {@code dtype} is the file's ("F32", "I64", ...); {@code values} holds
     * the elements as float whatever the dtype (integers above 2^24 lose digits there), and
     * {@code longs} the exact elements of an I64 tensor (null otherwise).
     */
    public record Entry(String dtype, int[] shape, float[] values, long[] longs) {
        /** An F32 tensor. */
        public Entry(int[] shape, float[] values) {
            this("F32", shape, values, null);
        }

        /** An I64 tensor (PyTorch's num_batches_tracked is a 0-dimensional one). */
        public static Entry int64(int[] shape, long... longs) {
            float[] f = new float[longs.length];
            for (int i = 0; i < longs.length; i++) f[i] = longs[i];
            return new Entry("I64", shape, f, longs);
        }

        public long numel() {
            long n = 1;
            for (int d : shape) n *= d;
            return n;
        }
    }

    /** A whole file: tensors in file order and the free-form string metadata. */
    public record Contents(Map<String, Entry> tensors, Map<String, String> metadata) {}

    public static void write(Path path, Map<String, Entry> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) header.put("__metadata__", new LinkedHashMap<>(metadata));
        long offset = 0;
        for (var e : tensors.entrySet()) {
            Entry t = e.getValue();
            boolean i64 = "I64".equals(t.dtype());
            if (!i64 && !"F32".equals(t.dtype())) throw new IllegalArgumentException("tensor " + e.getKey() + ": only F32 and I64 are written, not " + t.dtype());
            int n = i64 ? t.longs().length : t.values().length;
            if (t.numel() != n) throw new IllegalArgumentException("tensor " + e.getKey() + ": shape does not match values");
            long bytes = (i64 ? 8L : 4L) * n;
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", t.dtype());
            info.put("shape", t.shape());
            info.put("data_offsets", List.of(offset, offset + bytes));
            header.put(e.getKey(), info);
            offset += bytes;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int pad = (8 - json.length % 8) % 8; // the format allows trailing spaces; aligned data is friendlier
        ByteBuffer head = ByteBuffer.allocate(8 + json.length + pad).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(json.length + pad).put(json);
        for (int k = 0; k < pad; k++) head.put((byte) ' ');
        head.flip();
        ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(offset)).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry t : tensors.values()) {
            if ("I64".equals(t.dtype())) {
                for (long v : t.longs()) data.putLong(v);
            } else {
                for (float v : t.values()) data.putFloat(v);
            }
        }
        data.flip();
        AtomicFiles.write(path, head, data);
    }

    /** Reads and validates a whole file; errors name the file and what is wrong. */
    public static Contents read(Path path) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SafetensorsException(path, "no such file");
        }
        if (bytes.length < 8) throw new SafetensorsException(path, "truncated: " + bytes.length + " bytes, no header");
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = buf.getLong();
        if (headerLen < 2 || headerLen > MAX_HEADER || 8 + headerLen > bytes.length) {
            throw new SafetensorsException(path, "header length " + headerLen + " does not fit in a file of " + bytes.length + " bytes");
        }
        Map<String, Object> header;
        try {
            header = Json.parseObject(new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(path, "corrupt header: " + e.getMessage());
        }
        long dataStart = 8 + headerLen;
        long dataLen = bytes.length - dataStart;
        Map<String, Entry> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        long covered = 0;
        for (var e : header.entrySet()) {
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> m)) throw new SafetensorsException(path, "__metadata__ is not an object");
                for (var me : m.entrySet()) metadata.put(String.valueOf(me.getKey()), String.valueOf(me.getValue()));
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> info)) throw new SafetensorsException(path, "entry " + name + " is not an object");
            String dtype = String.valueOf(info.get("dtype"));
            int width = switch (dtype) {
                case "F32" -> 4;
                case "F64", "I64" -> 8;
                case "F16", "BF16" -> 2;
                default -> throw new SafetensorsException(path, "tensor " + name + " has dtype " + dtype + ", only F32, F64, F16, BF16 and I64 are supported");
            };
            if (!(info.get("shape") instanceof List<?> shapeList) || !(info.get("data_offsets") instanceof List<?> offs) || offs.size() != 2) {
                throw new SafetensorsException(path, "tensor " + name + " lacks shape or data_offsets");
            }
            int[] shape = new int[shapeList.size()];
            long numel = 1;
            for (int k = 0; k < shape.length; k++) {
                if (!(shapeList.get(k) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) throw new SafetensorsException(path, "tensor " + name + " has a bad shape");
                shape[k] = (int) (long) d;
                numel *= d;
            }
            if (!(offs.get(0) instanceof Long b0) || !(offs.get(1) instanceof Long b1) || b0 < 0 || b1 < b0 || b1 > dataLen) {
                throw new SafetensorsException(path, "tensor " + name + " has byte range " + offs + " outside the " + dataLen + " data bytes (truncated file?)");
            }
            if (b1 - b0 != width * numel) {
                throw new SafetensorsException(path, "tensor " + name + " has " + (b1 - b0) + " bytes for " + numel + " elements of " + dtype);
            }
            ByteBuffer slice = ByteBuffer.wrap(bytes, (int) (dataStart + b0), (int) (b1 - b0)).slice().order(ByteOrder.LITTLE_ENDIAN);
            tensors.put(name, decode(dtype, shape, (int) numel, slice));
            covered += b1 - b0;
        }
        if (covered != dataLen) throw new SafetensorsException(path, "data section has " + dataLen + " bytes but the tensors cover " + covered);
        return new Contents(tensors, metadata);
    }

    /** Elements of one dtype from little-endian bytes (also used for PyTorch's raw storages). */
    static Entry decode(String dtype, int[] shape, int n, ByteBuffer b) {
        float[] v = new float[n];
        switch (dtype) {
            case "F32" -> b.asFloatBuffer().get(v);
            case "F64" -> {
                for (int i = 0; i < n; i++) v[i] = (float) b.getDouble(8 * i);
            }
            case "F16" -> {
                for (int i = 0; i < n; i++) v[i] = Float.float16ToFloat(b.getShort(2 * i));
            }
            case "BF16" -> {
                for (int i = 0; i < n; i++) v[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
            }
            case "I64" -> {
                long[] l = new long[n];
                b.asLongBuffer().get(l);
                return Entry.int64(shape, l);
            }
            default -> throw new IllegalArgumentException("dtype " + dtype);
        }
        return new Entry(dtype, shape, v, null);
    }

    /** A file that is not a valid safetensors file; the message names it. */
    public static final class SafetensorsException extends IOException {
        public SafetensorsException(Path path, String what) {
            super(path + ": not a valid safetensors file: " + what);
        }
    }
}
