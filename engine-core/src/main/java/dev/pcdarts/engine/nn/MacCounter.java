package dev.pcdarts.engine.nn;

/**
 * Counts multiply-accumulates of conv and linear layers while active on this thread (how the
 * reference's MAC figures are defined: Cout·Hout·Wout·Cin/groups·kH·kW and in·out).
 */
public final class MacCounter {
    private static final ThreadLocal<long[]> ACTIVE = new ThreadLocal<>();

    private MacCounter() {}

    /** Runs {@code body} and returns the MACs it performed. */
    public static long count(Runnable body) {
        long[] previous = ACTIVE.get();
        long[] acc = new long[1];
        ACTIVE.set(acc);
        try {
            body.run();
        } finally {
            ACTIVE.set(previous);
        }
        return acc[0];
    }

    static void add(long macs) {
        long[] acc = ACTIVE.get();
        if (acc != null) acc[0] += macs;
    }
}
