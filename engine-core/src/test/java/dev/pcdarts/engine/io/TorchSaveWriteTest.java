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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our torch.save writer against the reference's own file (golden/interchange/network_cifar.pt,
 * torch.save of NetworkCIFAR's state_dict): rewriting its tensors gives the same entries, a
 * pickle equal to PyTorch's byte for byte up to the module metadata we leave out, stored
 * 64-byte-aligned storages, and tensors that read back exactly.
 */
class TorchSaveWriteTest {
    private static final Path FIXTURE = Path.of(System.getProperty("golden.cases.dir", "../golden"), "interchange", "network_cifar.pt");

    @TempDir Path tmp;
    Map<String, Safetensors.Entry> ref;
    Path ours;

    @BeforeEach
    void rewrite() throws IOException {
        ref = StateDicts.read(FIXTURE);
        ours = tmp.resolve("network_cifar.pt");
        StateDicts.writeTorch(ours, ref);
    }

    private static List<String> names(Path f) throws IOException {
        try (ZipFile z = new ZipFile(f.toFile())) {
            return Collections.list(z.entries()).stream().map(ZipEntry::getName).toList();
        }
    }

    private static byte[] entry(Path f, String name) throws IOException {
        try (ZipFile z = new ZipFile(f.toFile())) {
            return z.getInputStream(z.getEntry(name)).readAllBytes();
        }
    }

    @Test
    void readsBackTheSameTensors() throws IOException {
        Map<String, Safetensors.Entry> back = StateDicts.read(ours);
        assertEquals(List.copyOf(ref.keySet()), List.copyOf(back.keySet()));
        for (var e : ref.entrySet()) {
            Safetensors.Entry b = back.get(e.getKey());
            assertEquals(e.getValue().dtype(), b.dtype(), e.getKey());
            assertArrayEquals(e.getValue().shape(), b.shape(), e.getKey());
            assertArrayEquals(e.getValue().values(), b.values(), e.getKey());
            assertArrayEquals(e.getValue().longs(), b.longs(), e.getKey());
        }
        assertEquals("I64", back.get("stem.1.num_batches_tracked").dtype());
        assertArrayEquals(new long[] {3}, back.get("stem.1.num_batches_tracked").longs());
    }

    @Test
    void entriesAreTheReferencesPlusTheByteOrderRecordOfNewerPyTorch() throws IOException {
        List<String> want = new ArrayList<>(names(FIXTURE));
        want.add(1, "network_cifar/byteorder");
        assertEquals(want, names(ours));
        assertEquals("little", new String(entry(ours, "network_cifar/byteorder"), StandardCharsets.US_ASCII));
        assertEquals("3\n", new String(entry(ours, "network_cifar/version"), StandardCharsets.US_ASCII));
        assertArrayEquals(entry(FIXTURE, "network_cifar/data/5"), entry(ours, "network_cifar/data/5"), "an int64 storage");
        assertArrayEquals(entry(FIXTURE, "network_cifar/data/0"), entry(ours, "network_cifar/data/0"), "a float32 storage");
    }

    @Test
    void thePickleIsPyTorchsUpToTheModuleMetadata() throws IOException {
        byte[] theirs = entry(FIXTURE, "network_cifar/data.pkl");
        byte[] mine = entry(ours, "network_cifar/data.pkl");
        int n = mine.length - 1;
        assertEquals('.', mine[n], "ends with STOP");
        assertTrue(theirs.length > n, "the reference's pickle goes on with _metadata");
        assertArrayEquals(java.util.Arrays.copyOf(theirs, n), java.util.Arrays.copyOf(mine, n),
                "the same opcodes, arguments and memo indices as torch.save");
        assertEquals('}', theirs[n], "where PyTorch's BUILD state (the _metadata dictionary) begins");
    }

    @Test
    void entriesAreStoredAndTheirDataAligned() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(ours)).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        int count = 0;
        while (b.getInt(pos) == 0x04034b50) {
            assertEquals(0, b.getShort(pos + 8), "stored, not compressed");
            int size = b.getInt(pos + 18);
            int data = pos + 30 + b.getShort(pos + 26) + b.getShort(pos + 28);
            assertEquals(0, data % 64, "entry " + count + " starts at " + data);
            assertEquals('F', b.get(pos + 30 + b.getShort(pos + 26)));
            pos = data + size;
            count++;
        }
        assertEquals(names(ours).size(), count);
        assertEquals(0x02014b50, b.getInt(pos), "the central directory follows the entries");
    }

    @Test
    void aTruncatedFileIsOneLineNamingIt() throws IOException {
        byte[] all = Files.readAllBytes(ours);
        Path cut = tmp.resolve("cut.pt");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 100));
        IOException e = assertThrows(IOException.class, () -> StateDicts.read(cut));
        assertTrue(e.getMessage().startsWith(cut + ": ") && e.getMessage().contains("truncated"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void anEmptyStateDictAndAKeyPickleAsCPythonDoes() {
        byte[] empty = StateDictPickler.pickle(List.of());
        assertArrayEquals("\u0080\u0002ccollections\nOrderedDict\nq\u0000)Rq\u0001.".getBytes(StandardCharsets.ISO_8859_1), empty);
        byte[] one = StateDictPickler.pickle(List.of(Map.entry("x", Safetensors.Entry.int64(new int[] {1}, 7))));
        assertTrue(new String(one, StandardCharsets.ISO_8859_1).contains("X\u0001\u0000\u0000\u0000xq\u0002"), "a key as BINUNICODE");
    }
}
