package dev.pcdarts.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingConfigTest {

    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 7001);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 7002);

    @Test
    void neighboursWrapAroundTheRing() {
        RingConfig first = new RingConfig(0, 2, List.of(A, B), Duration.ofSeconds(1));
        assertEquals(1, first.right());
        assertEquals(1, first.left());
        RingConfig alone = new RingConfig(0, 1, List.of(A), Duration.ofSeconds(1));
        assertEquals(0, alone.right());
        assertEquals(0, alone.left());
        assertEquals("rank 1 (" + B + ")", first.describe(1));
    }

    @Test
    void inconsistentConfigurationsAreRejected() {
        Duration second = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class, () -> new RingConfig(2, 2, List.of(A, B), second));
        assertThrows(IllegalArgumentException.class, () -> new RingConfig(0, 3, List.of(A, B), second));
        assertThrows(IllegalArgumentException.class, () -> new RingConfig(0, 0, List.of(), second));
        assertThrows(IllegalArgumentException.class, () -> new RingConfig(0, 2, List.of(A, B), Duration.ZERO));
    }

    @Test
    void openListensOnTheConfiguredAddress() throws Exception {
        // ports picked by the system, freed again, then given to the ring as fixed addresses
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (RingListener listener : Rings.listeners(2)) {
            addresses.add(listener.address());
            listener.close();
        }
        List<RingAllReduce> rings = Rings.onEachRank(2,
                r -> () -> RingAllReduce.open(Rings.config(r, addresses, Duration.ofSeconds(5))));
        try {
            List<float[]> results = Rings.onEachRank(2, r -> () -> {
                float[] data = {r, 2 * r + 1};
                rings.get(r).allReduceMean(data);
                return data;
            });
            assertArrayEquals(new float[] {0.5f, 2f}, results.get(0));
            assertArrayEquals(new float[] {0.5f, 2f}, results.get(1));
        } finally {
            Rings.closeAll(rings);
        }
    }

    @Test
    void aRingOfOneNeedsNoSocketAndLeavesDataAsItIs() throws Exception {
        try (RingAllReduce ring = RingAllReduce.open(new RingConfig(0, 1, List.of(A), Duration.ofSeconds(1)))) {
            float[] data = {1.5f, -0f, Float.NaN};
            AllReduceStats stats = ring.allReduceMean(data);
            assertArrayEquals(RingAllReduceTest.bits(new float[] {1.5f, -0f, Float.NaN}), RingAllReduceTest.bits(data));
            assertEquals(0, stats.bytesSent());
        }
    }
}
