package dev.pcdarts.vector;

/**
 * Per-thread scratch arrays, kept across kernel calls: the window kernels need a few kilobytes
 * of scratch per task, and allocating them afresh on each of a search step's tens of thousands of
 * kernel calls made the collector the step's largest cost. Each kernel uses distinct slots; kernels do not nest.
 */
final class Scratch {
    static final int SLOTS = 4;
    private static final ThreadLocal<float[][]> ARRAYS = ThreadLocal.withInitial(() -> new float[SLOTS][]);

    private Scratch() {}

    /** This thread's array in {@code slot}, at least n floats long; its contents are unspecified. */
    static float[] get(int slot, int n) {
        float[][] a = ARRAYS.get();
        float[] s = a[slot];
        if (s == null || s.length < n) a[slot] = s = new float[n];
        return s;
    }
}
