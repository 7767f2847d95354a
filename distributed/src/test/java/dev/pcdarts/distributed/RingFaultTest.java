package dev.pcdarts.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every fault ends in an exception naming a peer, well before a test could hang. */
class RingFaultTest {

    private static final int BIG = (1 << 20) + 7;

    @Test
    void aPeerThatClosesMidTransferFailsItsNeighboursBeforeTheTimeout() throws Exception {
        Duration timeout = Duration.ofSeconds(5);
        List<RingAllReduce> rings = Rings.open(3, timeout);
        long[] closedAt = new long[1];
        try {
            List<Rings.Outcome<Void>> outcomes = Rings.outcomes(3, r -> () -> {
                if (r == 2) {
                    // rank 2 dies while the others are inside the call and cannot finish without it
                    Thread.sleep(300);
                    closedAt[0] = System.nanoTime();
                    rings.get(2).close();
                    return null;
                }
                rings.get(r).allReduceMean(new float[BIG]);
                return null;
            });
            for (int r = 0; r < 2; r++) {
                RingException e = failure(outcomes.get(r), r);
                assertTrue(e.peer() == 0 || e.peer() == 2, e.getMessage());
                assertTrue(e.getMessage().contains("rank " + e.peer() + " (/127.0.0.1:"), e.getMessage());
                long after = outcomes.get(r).finishedNanos() - closedAt[0];
                assertTrue(after < timeout.toNanos() / 2, "rank " + r + " took " + after / 1e6 + " ms to notice");
            }
            // rank 0 reads from rank 2, so it is the one that sees the close itself
            RingException e0 = failure(outcomes.get(0), 0);
            assertEquals(2, e0.peer(), e0.getMessage());
        } finally {
            Rings.closeAll(rings);
        }
    }

    @Test
    void aSilentPeerIsNamedWithinTheTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(500);
        List<RingAllReduce> rings = Rings.open(3, timeout);
        try {
            long start = System.nanoTime();
            // rank 2 stays connected but never enters the call
            List<Rings.Outcome<Void>> outcomes = Rings.outcomes(2, r -> () -> {
                rings.get(r).allReduceMean(new float[1001]);
                return null;
            });
            RingException e0 = failure(outcomes.get(0), 0);
            assertEquals(2, e0.peer());
            assertTrue(e0.getMessage().startsWith("no data from rank 2 (/127.0.0.1:"), e0.getMessage());
            assertNotNull(failure(outcomes.get(1), 1));
            for (Rings.Outcome<Void> outcome : outcomes) {
                long waited = outcome.finishedNanos() - start;
                assertTrue(waited < 6 * timeout.toNanos(), "waited " + waited / 1e6 + " ms");
            }
            RingException closed = assertThrows(RingException.class, () -> {
                throw assertThrows(IllegalStateException.class, () -> rings.get(0).allReduceMean(new float[1]))
                        .getCause();
            });
            assertEquals(e0, closed, "a failed ring stays closed and says why");
        } finally {
            Rings.closeAll(rings);
        }
    }

    @Test
    void aRankWhoseThreadIsInterruptedLeavesTheRingAndIsNamed() throws Exception {
        List<RingAllReduce> rings = Rings.open(3, Duration.ofSeconds(5));
        try {
            CountDownLatch rank2Gone = new CountDownLatch(1);
            Thread rank2 = Thread.ofPlatform().start(() -> {
                try {
                    rings.get(2).allReduceMean(new float[BIG]);
                } catch (RingException e) {
                    assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
                    rank2Gone.countDown();
                }
            });
            Thread.sleep(200);
            rank2.interrupt();
            assertTrue(rank2Gone.await(5, TimeUnit.SECONDS), "rank 2 did not stop when interrupted");
            List<Rings.Outcome<Void>> outcomes = Rings.outcomes(2, r -> () -> {
                rings.get(r).allReduceMean(new float[BIG]);
                return null;
            });
            assertEquals(2, failure(outcomes.get(0), 0).peer());
            assertNotNull(failure(outcomes.get(1), 1));
        } finally {
            Rings.closeAll(rings);
        }
    }

    @Test
    void ranksThatDisagreeAboutACallFailNamingTheirNeighbour() throws Exception {
        List<RingAllReduce> rings = Rings.open(2, Duration.ofSeconds(5));
        try {
            List<Rings.Outcome<Void>> outcomes = Rings.outcomes(2, r -> () -> {
                rings.get(r).allReduceMean(new float[r == 0 ? 1000 : 1001]);
                return null;
            });
            RingException e = failure(outcomes.get(0), 0);
            assertTrue(e.getMessage().contains("mean of 1001 floats") && e.getMessage().contains("mean of 1000 floats"),
                    e.getMessage());
            assertNotNull(failure(outcomes.get(1), 1));
        } finally {
            Rings.closeAll(rings);
        }
    }

    @Test
    void aDifferentWorldSizeIsRefusedOnBothSides() throws Exception {
        List<RingListener> listeners = Rings.listeners(2);
        RingListener nobody = RingListener.bind(Rings.loopback());
        InetSocketAddress unreachable = nobody.address();
        nobody.close();
        InetSocketAddress a0 = listeners.get(0).address();
        InetSocketAddress a1 = listeners.get(1).address();
        // rank 0 thinks the ring has two ranks, rank 1 thinks three
        RingConfig zero = new RingConfig(0, 2, List.of(a0, a1), Duration.ofSeconds(5));
        RingConfig one = new RingConfig(1, 3, List.of(a0, a1, unreachable), Duration.ofSeconds(5));
        long start = System.nanoTime();
        List<Rings.Outcome<RingAllReduce>> outcomes = Rings.outcomes(2,
                r -> () -> RingAllReduce.open(r == 0 ? zero : one, listeners.get(r)));
        RingException e0 = failure(outcomes.get(0), 0);
        assertEquals(1, e0.peer());
        assertTrue(e0.getMessage().contains("refused the handshake") && e0.getMessage().contains("world size 3"),
                e0.getMessage());
        RingException e1 = failure(outcomes.get(1), 1);
        assertEquals(0, e1.peer());
        assertTrue(e1.getMessage().contains("offered world size 2"), e1.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "a refusal must not wait for the timeout");
    }

    @Test
    void aMissingNeighbourIsNamedAfterTheTimeout() throws Exception {
        List<RingListener> listeners = Rings.listeners(2);
        List<InetSocketAddress> addresses = Rings.addresses(listeners);
        listeners.get(1).close();
        Duration timeout = Duration.ofMillis(300);
        long start = System.nanoTime();
        RingException e = assertThrows(RingException.class,
                () -> RingAllReduce.open(Rings.config(0, addresses, timeout), listeners.get(0)));
        long waited = System.nanoTime() - start;
        assertEquals(1, e.peer());
        assertTrue(e.getMessage().contains("could not connect") && e.getMessage().contains("rank 1 (/127.0.0.1:"),
                e.getMessage());
        assertTrue(waited >= timeout.toNanos() && waited < timeout.toNanos() + TimeUnit.SECONDS.toNanos(2), "waited " + waited / 1e6 + " ms");
    }

    @Test
    void closeReleasesTheListeningPort() throws Exception {
        List<RingAllReduce> rings = Rings.open(2, Duration.ofSeconds(5));
        InetSocketAddress address = rings.get(0).config().addresses().get(0);
        Rings.closeAll(rings);
        Rings.closeAll(rings); // twice is harmless
        RingListener again = RingListener.bind(address);
        again.close();
        assertThrows(IllegalStateException.class, () -> rings.get(1).allReduceMean(new float[3]));
    }

    private static RingException failure(Rings.Outcome<?> outcome, int rank) {
        assertNotNull(outcome.failure(), "rank " + rank + " should have failed");
        return assertInstanceOf(RingException.class, outcome.failure(), "rank " + rank);
    }
}
