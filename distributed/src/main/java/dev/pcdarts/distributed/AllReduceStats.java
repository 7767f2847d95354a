package dev.pcdarts.distributed;

/**
 * What one all-reduce call cost on this rank: floats reduced, bytes written to and read from the
 * ring (payload and call headers), and wall time from entry to return.
 */
public record AllReduceStats(long elements, long bytesSent, long bytesReceived, long nanos) {

    public static final AllReduceStats NONE = new AllReduceStats(0, 0, 0, 0);

    public double seconds() {
        return nanos / 1e9;
    }

    /** Running totals across calls, for a per-run report. */
    public AllReduceStats plus(AllReduceStats other) {
        return new AllReduceStats(elements + other.elements, bytesSent + other.bytesSent,
                bytesReceived + other.bytesReceived, nanos + other.nanos);
    }
}
