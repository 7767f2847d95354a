package dev.pcdarts.engine.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The zip archive of {@code torch.save} as PyTorch's stream writer lays it out: entries stored
 * (not compressed) under {@code <archive>/}, each one's data aligned to 64 bytes by an extra
 * field 'FB' of padding in its local header only, then the central directory. The archive is
 * built in memory, up to 65535 entries and 2 GiB, which every network here fits and which needs
 * no zip64 records.
 */
final class TorchArchive {
    private static final int ALIGN = 64;
    private static final int DOS_DATE_1980 = (1 << 5) | 1;

    private record Written(byte[] name, long crc, int size, long offset) {}

    private final String prefix;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Written> entries = new ArrayList<>();

    TorchArchive(String archiveName) {
        this.prefix = archiveName + "/";
    }

    /** The archive name PyTorch takes from a file name: the name without its extension. */
    static String archiveName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String base = dot > 0 ? n.substring(0, dot) : n;
        return base.matches("[A-Za-z0-9_.-]+") ? base : "archive";
    }

    void add(String record, byte[] data) throws IOException {
        byte[] name = (prefix + record).getBytes(StandardCharsets.UTF_8);
        long offset = out.size();
        long start = offset + 30 + name.length + 4;
        int pad = (int) ((ALIGN - start % ALIGN) % ALIGN);
        if (offset + 30 + name.length + 4 + pad + data.length > Integer.MAX_VALUE - (1 << 20) || entries.size() == 0xffff) {
            throw new IOException("the state_dict is too large to write as torch.save (over 2 GiB or 65535 tensors)");
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        ByteBuffer h = ByteBuffer.allocate(30 + name.length + 4 + pad).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        h.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                .putShort((short) DOS_DATE_1980).putInt((int) crc.getValue()).putInt(data.length).putInt(data.length)
                .putShort((short) name.length).putShort((short) (4 + pad)).put(name);
        h.put((byte) 'F').put((byte) 'B').putShort((short) pad);
        for (int i = 0; i < pad; i++) h.put((byte) 'Z');
        out.writeBytes(h.array());
        out.writeBytes(data);
        entries.add(new Written(name, crc.getValue(), data.length, offset));
    }

    /** The whole archive, central directory included. */
    ByteBuffer finish() {
        long cdStart = out.size();
        for (Written e : entries) {
            ByteBuffer c = ByteBuffer.allocate(46 + e.name().length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            c.putInt(0x02014b50).putShort((short) (3 << 8 | 20)).putShort((short) 20).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putShort((short) DOS_DATE_1980).putInt((int) e.crc()).putInt(e.size()).putInt(e.size())
                    .putShort((short) e.name().length).putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putInt(0600 << 16).putInt((int) e.offset()).put(e.name());
            out.writeBytes(c.array());
        }
        long cdSize = out.size() - cdStart;
        ByteBuffer end = ByteBuffer.allocate(22).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size()).putShort((short) entries.size())
                .putInt((int) cdSize).putInt((int) cdStart).putShort((short) 0);
        out.writeBytes(end.array());
        return ByteBuffer.wrap(out.toByteArray());
    }
}
