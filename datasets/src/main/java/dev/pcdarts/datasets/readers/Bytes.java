package dev.pcdarts.datasets.readers;

import dev.pcdarts.datasets.DataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Whole-file reads, transparently gunzipping, with errors that name the file. */
final class Bytes {
    private Bytes() {}

    static byte[] readMaybeGzip(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw DataException.of(file, "no such file");
        } catch (IOException e) {
            throw DataException.of(file, "cannot read: " + e.getMessage());
        }
        if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                return readAll(in);
            } catch (IOException e) {
                throw DataException.of(file, "corrupt or truncated gzip data (" + e.getMessage() + ")");
            }
        }
        return raw;
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    static int be32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }
}
