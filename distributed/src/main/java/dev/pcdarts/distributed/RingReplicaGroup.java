package dev.pcdarts.distributed;

import dev.pcdarts.nas.loop.ReplicaGroup;

/** nas's replica group over a {@link RingAllReduce}: the loop's sums travel around the TCP ring. */
public final class RingReplicaGroup implements ReplicaGroup, AutoCloseable {
    private final RingAllReduce ring;
    private long calls;

    public RingReplicaGroup(RingAllReduce ring) {
        this.ring = ring;
    }

    @Override
    public int rank() {
        return ring.config().rank();
    }

    @Override
    public int size() {
        return ring.config().worldSize();
    }

    @Override
    public void allReduceSum(float[] data) {
        ring.allReduceSum(data);
        calls++;
    }

    @Override
    public Totals totals() {
        AllReduceStats t = ring.totals();
        return new Totals(calls, t.elements(), t.bytesSent(), t.nanos());
    }

    @Override
    public void close() {
        ring.close();
    }
}
