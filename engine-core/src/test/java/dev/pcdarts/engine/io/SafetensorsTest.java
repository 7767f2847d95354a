package dev.pcdarts.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    private static Map<String, Safetensors.Entry> sample() {
        Map<String, Safetensors.Entry> m = new LinkedHashMap<>();
        m.put("cells.0._ops.4.op.1.weight", new Safetensors.Entry(new int[] {2, 1, 3, 3}, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -2, -3, -4, -5, -6, -7, -8, -9.5f}));
        m.put("alphas_normal", new Safetensors.Entry(new int[] {2, 2}, new float[] {0.1f, Float.MIN_VALUE, -0f, 3e38f}));
        m.put("empty", new Safetensors.Entry(new int[] {0}, new float[0]));
        return m;
    }

    @Test
    void roundTripKeepsNamesShapesValuesAndMetadata() throws IOException {
        Path f = dir.resolve("ck.safetensors");
        Safetensors.write(f, sample(), Map.of("epoch", "3"));
        Safetensors.Contents c = Safetensors.read(f);
        assertEquals(sample().keySet(), c.tensors().keySet());
        for (var e : sample().entrySet()) {
            assertArrayEquals(e.getValue().shape(), c.tensors().get(e.getKey()).shape());
            assertArrayEquals(e.getValue().values(), c.tensors().get(e.getKey()).values());
        }
        assertEquals("3", c.metadata().get("epoch"));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temp file is left beside the checkpoint");
        }
    }

    @Test
    void layoutIsTheSafetensorsFormat() throws IOException {
        Path f = dir.resolve("a.safetensors");
        Safetensors.write(f, Map.of("w", new Safetensors.Entry(new int[] {2}, new float[] {1.5f, -2f})), Map.of());
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        String header = new String(Files.readAllBytes(f), 8, (int) n, StandardCharsets.UTF_8).trim();
        assertEquals("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", header);
        b.position((int) (8 + n));
        assertEquals(1.5f, b.getFloat());
        assertEquals(-2f, b.getFloat());
    }

    @Test
    void truncatedFileIsRejectedNamingTheFile() throws IOException {
        Path f = dir.resolve("t.safetensors");
        Safetensors.write(f, sample(), Map.of());
        byte[] all = Files.readAllBytes(f);
        for (int cut : new int[] {0, 5, 9, all.length / 2, all.length - 1}) {
            Files.write(f, Arrays.copyOf(all, cut));
            var e = assertThrows(Safetensors.SafetensorsException.class, () -> Safetensors.read(f), "cut at " + cut);
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
    }

    @Test
    void corruptHeaderIsRejected() throws IOException {
        Path f = dir.resolve("c.safetensors");
        Safetensors.write(f, sample(), Map.of());
        byte[] all = Files.readAllBytes(f);
        all[8] = (byte) '#'; // the opening brace of the JSON header
        Files.write(f, all);
        var e = assertThrows(Safetensors.SafetensorsException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().contains("header"), e.getMessage());
        byte[] hugeLen = Arrays.copyOf(all, all.length);
        ByteBuffer.wrap(hugeLen).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        Files.write(f, hugeLen);
        assertThrows(Safetensors.SafetensorsException.class, () -> Safetensors.read(f));
        assertThrows(Safetensors.SafetensorsException.class, () -> Safetensors.read(dir.resolve("missing.safetensors")));
    }
}
