package dev.pcdarts.nas.loop;

/**
 * The data-parallel replicas a loop belongs to: this replica's rank, how many there are, and a sum
 * of float arrays across them that leaves the same bits on every rank. The loop and the trainers
 * call it in the same order on every rank; the transport (a TCP ring, Spark's barrier tasks) lives
 * outside nas, which knows only this interface.
 */
public interface ReplicaGroup {
    /** What the exchanges cost this rank so far: calls, floats, bytes it sent, wall time. */
    record Totals(long calls, long floats, long bytesSent, long nanos) {
        public static final Totals NONE = new Totals(0, 0, 0, 0);
    }

    /** The one replica of a plain run: nothing is exchanged. */
    ReplicaGroup SINGLE = new ReplicaGroup() {
        @Override
        public int rank() {
            return 0;
        }

        @Override
        public int size() {
            return 1;
        }

        @Override
        public void allReduceSum(float[] data) {}

        @Override
        public Totals totals() {
            return Totals.NONE;
        }
    };

    int rank();

    int size();

    /** Replaces data, on every rank, by the element-wise sum over all ranks, in a fixed order. */
    void allReduceSum(float[] data);

    Totals totals();
}
