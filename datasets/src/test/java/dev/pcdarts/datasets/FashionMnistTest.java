package dev.pcdarts.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pcdarts.datasets.arrow.ArrowDataset;
import dev.pcdarts.datasets.readers.IdxReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real dataset: Debian's dataset-fashion-mnist (.ci/run installs it). Outside CI a machine
 * without the package skips these tests; under CI=true its absence fails them.
 */
class FashionMnistTest {
    static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path tmp;

    @BeforeAll
    static void requirePackage() {
        boolean present = Files.isRegularFile(DIR.resolve("train-images-idx3-ubyte.gz"));
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("dataset-fashion-mnist is not installed (" + DIR + "); .ci/run installs it");
        }
        Assumptions.assumeTrue(present, "dataset-fashion-mnist not installed here");
    }

    private static long[] crcAndSum(InMemoryImageSet s) {
        CRC32 crc = new CRC32();
        crc.update(s.pixels());
        long sum = 0;
        for (byte b : s.pixels()) sum += b & 0xff;
        return new long[] {crc.getValue(), sum};
    }

    @Test
    void countsHistogramsAndChecksums() {
        InMemoryImageSet train = IdxReader.fashionMnist(DIR, true);
        InMemoryImageSet test = IdxReader.fashionMnist(DIR, false);
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertEquals(28, train.info().height());
        for (long c : train.histogram()) assertEquals(6_000, c);
        for (long c : test.histogram()) assertEquals(1_000, c);
        // Checksums computed independently (Python gzip + zlib.crc32 over the pixel bytes).
        assertArrayEquals(new long[] {2925911245L, 3431114169L}, crcAndSum(train));
        assertArrayEquals(new long[] {309494841L, 573469082L}, crcAndSum(test));
    }

    @Test
    void arrowRoundTripIsLossless() throws IOException {
        InMemoryImageSet test = IdxReader.fashionMnist(DIR, false);
        Path f = tmp.resolve("fm-test.arrow");
        ArrowDataset.write(test, f, 4096);
        try (ImageSet back = ArrowDataset.open(f)) {
            InMemoryImageSet copy = InMemoryImageSet.copyOf(back);
            assertArrayEquals(test.pixels(), copy.pixels());
            assertArrayEquals(test.labels(), copy.labels());
            assertEquals(test.info().classNames(), back.info().classNames());
            assertArrayEquals(test.info().mean(), back.info().mean());
        }
        assertTrue(Files.size(f) < 28L * 28 * 10_000, "Zstandard compression is on");
    }

    @Test
    void embeddedSubsetIsWhatTheConverterBuilds() {
        InMemoryImageSet embedded = EmbeddedDataset.load(true);
        InMemoryImageSet rebuilt = InMemoryImageSet.copyOf(
                EmbeddedDataset.balanced(IdxReader.fashionMnist(DIR, true), EmbeddedDataset.TRAIN_PER_CLASS, "x"));
        assertArrayEquals(rebuilt.pixels(), embedded.pixels());
        assertArrayEquals(rebuilt.labels(), embedded.labels());
        for (long c : embedded.histogram()) assertEquals(EmbeddedDataset.TRAIN_PER_CLASS, c);
        for (long c : EmbeddedDataset.load(false).histogram()) assertEquals(EmbeddedDataset.TEST_PER_CLASS, c);
    }
}
