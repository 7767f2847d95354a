package dev.pcdarts.engine.io;

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
 * tensor's dtype, shape and byte range, then the raw little-endian data. Only F32 is written
 * and read. Reading validates everything before returning, so a bad file never half-loads.
 */
public final class Safetensors {
    private static final long MAX_HEADER = 100L << 20;

    private Safetensors() {}

    /** One stored tensor. */
    public record Entry(int[] shape, float[] values) {}

    /** A whole file: tensors in file order and the free-form string metadata. */
    public record Contents(Map<String, Entry> tensors, Map<String, String> metadata) {}

    public static void write(Path path, Map<String, Entry> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) header.put("__metadata__", new LinkedHashMap<>(metadata));
        long offset = 0;
        for (var e : tensors.entrySet()) {
            Entry t = e.getValue();
            long bytes = 4L * t.values().length;
            long numel = 1;
            for (int d : t.shape()) numel *= d;
            if (numel != t.values().length) throw new IllegalArgumentException("tensor " + e.getKey() + ": shape does not match values");
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
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
        for (Entry t : tensors.values()) for (float v : t.values()) data.putFloat(v);
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
            if (!"F32".equals(info.get("dtype"))) throw new SafetensorsException(path, "tensor " + name + " has dtype " + info.get("dtype") + ", only F32 is supported");
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
            if (b1 - b0 != 4 * numel) throw new SafetensorsException(path, "tensor " + name + " has " + (b1 - b0) + " bytes for " + numel + " floats");
            float[] v = new float[(int) numel];
            ByteBuffer slice = ByteBuffer.wrap(bytes, (int) (dataStart + b0), (int) (b1 - b0)).order(ByteOrder.LITTLE_ENDIAN);
            slice.asFloatBuffer().get(v);
            tensors.put(name, new Entry(shape, v));
            covered += b1 - b0;
        }
        if (covered != dataLen) throw new SafetensorsException(path, "data section has " + dataLen + " bytes but the tensors cover " + covered);
        return new Contents(tensors, metadata);
    }

    /** A file that is not a valid safetensors file; the message names it. */
    public static final class SafetensorsException extends IOException {
        public SafetensorsException(Path path, String what) {
            super(path + ": not a valid safetensors file: " + what);
        }
    }
}
