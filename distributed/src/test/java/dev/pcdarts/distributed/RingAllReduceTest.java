package dev.pcdarts.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RingAllReduceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    static Stream<Arguments> ranksAndSizes() {
        int[] sizes = {0, 1, 3, 1000, 1001, (1 << 20) + 7};
        return IntStream.rangeClosed(1, 4).boxed()
                .flatMap(n -> IntStream.of(sizes).mapToObj(size -> Arguments.of(n, size)));
    }

    @ParameterizedTest(name = "{0} ranks, {1} floats")
    @MethodSource("ranksAndSizes")
    void meanEqualsTheFixedOrderReferenceBitForBitOnEveryRank(int worldSize, int length) throws Exception {
        float[][] inputs = inputs(worldSize, length, 17L * worldSize + length);
        float[] expected = reference(inputs, true);
        List<RingAllReduce> rings = Rings.open(worldSize, TIMEOUT);
        try {
            List<float[]> results = Rings.onEachRank(worldSize, r -> () -> {
                float[] data = inputs[r].clone();
                rings.get(r).allReduceMean(data);
                return data;
            });
            for (int r = 0; r < worldSize; r++) {
                assertArrayEquals(bits(expected), bits(results.get(r)), "rank " + r);
            }
        } finally {
            Rings.closeAll(rings);
        }
    }

    @Test
    void sumEqualsTheFixedOrderReferenceAndDiffersFromPlainRankOrder() throws Exception {
        int worldSize = 4;
        int length = 1001;
        float[][] inputs = inputs(worldSize, length, 5);
        float[] expected = reference(inputs, false);
        List<RingAllReduce> rings = Rings.open(worldSize, TIMEOUT);
        try {
            List<float[]> results = Rings.onEachRank(worldSize, r -> () -> {
                float[] data = inputs[r].clone();
                rings.get(r).allReduceSum(data);
                return data;
            });
            for (int r = 0; r < worldSize; r++) {
                assertArrayEquals(bits(expected), bits(results.get(r)), "rank " + r);
            }
            // the order is a real choice: summing every element from rank 0 up gives other bits
            float[] rankOrder = new float[length];
            for (int i = 0; i < length; i++) {
                float sum = inputs[0][i];
                for (int r = 1; r < worldSize; r++) {
                    sum += inputs[r][i];
                }
                rankOrder[i] = sum;
            }
            assertTrue(IntStream.range(0, length).anyMatch(i -> rankOrder[i] != expected[i]),
                    "the inputs are too tame to tell summation orders apart");
        } finally {
            Rings.closeAll(rings);
        }
    }

    @Test
    void repeatedCallsOfChangingSizesStayExactAndReportTheirBytes() throws Exception {
        int worldSize = 3;
        int[] lengths = {1000, 1001, 0, 2, 1000, 65_537, 7, 1000};
        List<RingAllReduce> rings = Rings.open(worldSize, TIMEOUT);
        try {
            for (int call = 0; call < lengths.length; call++) {
                int length = lengths[call];
                float[][] inputs = inputs(worldSize, length, 100 + call);
                float[] expected = reference(inputs, true);
                List<AllReduceStats> stats = new ArrayList<>();
                List<float[]> results = Rings.onEachRank(worldSize, r -> () -> {
                    float[] data = inputs[r].clone();
                    AllReduceStats s = rings.get(r).allReduceMean(data);
                    synchronized (stats) {
                        stats.add(s);
                    }
                    return data;
                });
                for (int r = 0; r < worldSize; r++) {
                    assertArrayEquals(bits(expected), bits(results.get(r)), "call " + call + ", rank " + r);
                }
                RingChunks chunks = new RingChunks(length, worldSize);
                long total = stats.stream().mapToLong(AllReduceStats::bytesSent).sum();
                // each rank sends every chunk but two (one per phase): 2 (N - 1) chunks, plus the header
                long expectedTotal = 0;
                for (int r = 0; r < worldSize; r++) {
                    expectedTotal += 16L + 4L * (2L * length - chunks.size((r + 1) % worldSize)
                            - chunks.size((r + 2) % worldSize));
                }
                assertEquals(expectedTotal, total, "bytes sent in call " + call);
                assertEquals(total, stats.stream().mapToLong(AllReduceStats::bytesReceived).sum());
                assertTrue(stats.stream().allMatch(s -> s.elements() == length && s.nanos() > 0));
            }
            assertEquals(IntStream.of(lengths).sum(), rings.get(0).totals().elements());
        } finally {
            Rings.closeAll(rings);
        }
    }

    @Test
    void chunksAreCeilSizedWithShorterOrEmptyTails() {
        RingChunks five = new RingChunks(5, 4);
        assertEquals(2, five.chunkSize());
        assertArrayEquals(new int[] {2, 2, 1, 0}, IntStream.range(0, 4).map(five::size).toArray());
        RingChunks one = new RingChunks(1, 4);
        assertArrayEquals(new int[] {1, 0, 0, 0}, IntStream.range(0, 4).map(one::size).toArray());
        RingChunks none = new RingChunks(0, 3);
        assertArrayEquals(new int[] {0, 0, 0}, IntStream.range(0, 3).map(none::size).toArray());
        assertEquals(0, none.end(2));
    }

    /**
     * The documented order, written out independently of the ring: chunk c of ceil(n / N) floats
     * is summed from rank c onward around the ring, then divided by N.
     */
    static float[] reference(float[][] inputs, boolean mean) {
        int worldSize = inputs.length;
        int length = inputs[0].length;
        int chunk = (length + worldSize - 1) / worldSize;
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            int owner = i / chunk;
            float sum = inputs[owner][i];
            for (int k = 1; k < worldSize; k++) {
                sum += inputs[(owner + k) % worldSize][i];
            }
            out[i] = mean && worldSize > 1 ? sum / worldSize : sum;
        }
        return out;
    }

    /** Values over many magnitudes and both signs, so different summation orders round differently. */
    static float[][] inputs(int worldSize, int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] inputs = new float[worldSize][length];
        for (float[] row : inputs) {
            for (int i = 0; i < length; i++) {
                row[i] = (float) ((random.nextDouble() - 0.5) * Math.scalb(1.0, random.nextInt(-20, 20)));
            }
        }
        return inputs;
    }

    static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
