package dev.pcdarts.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** torch.save archives and safetensors files read as state_dicts; anything else refused in one line naming the file. */
class StateDictsTest {
    private static final Path DIR = Path.of(System.getProperty("golden.cases.dir", "../golden"), "interchange");

    @TempDir Path tmp;

    @Test
    void torchSaveAndSafetensorsOfTheSameWeightsAgree() throws IOException {
        Map<String, Safetensors.Entry> pt = StateDicts.read(DIR.resolve("network_cifar.pt"));
        Map<String, Safetensors.Entry> st = StateDicts.read(DIR.resolve("network_cifar.safetensors"));
        assertEquals(490, pt.size());
        for (var e : st.entrySet()) {
            Safetensors.Entry p = pt.get(e.getKey());
            assertArrayEquals(e.getValue().shape(), p.shape(), e.getKey());
            assertEquals(e.getValue().dtype(), p.dtype(), e.getKey());
            assertArrayEquals(e.getValue().values(), p.values(), e.getKey());
        }
        Safetensors.Entry counter = pt.get("cells.0.preprocess0.op.2.num_batches_tracked");
        assertEquals("I64", counter.dtype());
        assertEquals(0, counter.shape().length);
        assertArrayEquals(new long[] {3}, counter.longs());
    }

    @Test
    void int64AndHalfPrecisionRoundTripThroughSafetensors() throws IOException {
        Path f = tmp.resolve("i.safetensors");
        Safetensors.write(f, Map.of("n", Safetensors.Entry.int64(new int[0], 1L << 40)), Map.of());
        assertArrayEquals(new long[] {1L << 40}, Safetensors.read(f).tensors().get("n").longs());
        // an F16 file, written by hand: 1.0 and -2.5
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}";
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + header.length() + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length()).put(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putShort(Float.floatToFloat16(1f)).putShort(Float.floatToFloat16(-2.5f));
        Files.write(f, b.array());
        assertArrayEquals(new float[] {1f, -2.5f}, Safetensors.read(f).tensors().get("h").values());
    }

    @Test
    void aTruncatedArchiveIsOneLineNamingTheFile() throws IOException {
        byte[] all = Files.readAllBytes(DIR.resolve("network_cifar.pt"));
        Path f = tmp.resolve("cut.pt");
        for (int cut : new int[] {10, all.length / 2, all.length - 30}) {
            Files.write(f, Arrays.copyOf(all, cut));
            var e = assertThrows(IOException.class, () -> StateDicts.read(f), "cut at " + cut);
            assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    private Path archive(byte[] pickle) throws IOException {
        Path f = tmp.resolve("x.pt");
        try (OutputStream o = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(o)) {
            z.putNextEntry(new ZipEntry("x/data.pkl"));
            z.write(pickle);
            z.closeEntry();
        }
        return f;
    }

    @Test
    void picklesThatAreNotStateDictsAreRefused() throws IOException {
        // protocol 2: GLOBAL os.system, as a malicious file would start
        Path f = archive("\u0080\u0002cos\nsystem\nq\u0000X\u0002\u0000\u0000\u0000ls\u0085R.".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        var e = assertThrows(IOException.class, () -> StateDicts.read(f));
        assertTrue(e.getMessage().contains("os.system"), e.getMessage());
        // a list of two integers
        Path g = archive(new byte[] {(byte) 0x80, 2, ']', 'q', 0, '(', 'K', 1, 'K', 2, 'e', '.'});
        e = assertThrows(IOException.class, () -> StateDicts.read(g));
        assertTrue(e.getMessage().contains("not a state_dict: it holds a list"), e.getMessage());
        // a dictionary holding a string
        Path h = archive(new byte[] {(byte) 0x80, 2, '}', 'q', 0, 'X', 1, 0, 0, 0, 'a', 'X', 1, 0, 0, 0, 'b', 's', '.'});
        e = assertThrows(IOException.class, () -> StateDicts.read(h));
        assertTrue(e.getMessage().contains("entry a is the string 'b', not a tensor"), e.getMessage());
    }
}
