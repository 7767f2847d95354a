package dev.pcdarts.distributed;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One rank's view of the ring: who it is, how many ranks there are, where each listens, and the
 * longest wait on any single connect, accept, read or write before a peer counts as dead.
 *
 * <p>Rank r sends to rank (r + 1) mod N and receives from rank (r - 1) mod N.
 */
public record RingConfig(int rank, int worldSize, List<InetSocketAddress> addresses, Duration timeout) {

    public RingConfig {
        if (worldSize < 1) {
            throw new IllegalArgumentException("world size must be at least 1, got " + worldSize);
        }
        if (rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("rank " + rank + " outside 0.." + (worldSize - 1));
        }
        addresses = List.copyOf(Objects.requireNonNull(addresses, "addresses"));
        if (addresses.size() != worldSize) {
            throw new IllegalArgumentException(
                    addresses.size() + " addresses for world size " + worldSize + ": one per rank is needed");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** The rank this one sends to. */
    public int right() {
        return (rank + 1) % worldSize;
    }

    /** The rank this one receives from. */
    public int left() {
        return (rank + worldSize - 1) % worldSize;
    }

    /** How messages name a peer: its rank and address, so an operator can find the machine. */
    public String describe(int peer) {
        return "rank " + peer + " (" + addresses.get(peer) + ")";
    }
}
