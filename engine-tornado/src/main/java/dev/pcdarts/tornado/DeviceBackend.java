package dev.pcdarts.tornado;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.tensor.Shapes;
import dev.pcdarts.engine.tensor.Storage;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;

/**
 * The memory half of the TornadoVM backend: tensors live in the device memory from allocation to
 * death, and values cross to or from the host only through {@link #upload}, {@link #write},
 * {@link #download} (the batch, the labels, the loss, checkpoints, an explicit toArray()).
 */
abstract class DeviceBackend implements Backend {
    /** {@code -Dpcdarts.poisonEmpty=true}: uninitialised tensors hold NaN, as on the heap backends. */
    private static final boolean POISON = Boolean.getBoolean("pcdarts.poisonEmpty");

    final Dispatcher dispatch;
    private final Map<Long, DeviceStorage> constants = new HashMap<>();

    DeviceBackend(Dispatcher dispatch) {
        this.dispatch = dispatch;
    }

    @Override
    public final Storage allocate(long n) {
        DeviceStorage s = dispatch.allocate(length(n));
        fill(s, 0f);
        return s;
    }

    @Override
    public final Storage allocateEmpty(long n) {
        DeviceStorage s = dispatch.allocate(length(n));
        if (POISON) fill(s, Float.NaN);
        return s;
    }

    private static int length(long n) {
        if (n < 0 || n > Integer.MAX_VALUE - 64) throw new IllegalArgumentException("tensor of " + n + " floats is too large for the device memory");
        return (int) n;
    }

    @Override
    public final Storage upload(float[] values) {
        DeviceStorage s = dispatch.allocate(values.length);
        dispatch.upload(values, 0, s, 0, values.length);
        return s;
    }

    @Override
    public final float[] download(Tensor t) {
        return dispatch.download(dispatch.storage(t), 0, t.size());
    }

    @Override
    public final void write(Tensor t, float[] values) {
        if (values.length != t.size()) throw new IllegalArgumentException(values.length + " values into shape " + Shapes.str(t.shape()));
        dispatch.upload(values, 0, dispatch.storage(t), 0, values.length);
    }

    @Override
    public final Map<String, Object> memoryStats() {
        return dispatch.memoryStats();
    }

    @Override
    public final Map<String, Long> transferStats() {
        return dispatch.counters.snapshot();
    }

    private void fill(DeviceStorage s, float value) {
        dispatch.call(Kernel.FILL, s.length).at(0, s).floats(value).run();
    }

    /**
     * A device tensor of n copies of value, made once and kept for the run: the ones and zeros
     * that stand in for an absent gamma, beta or bias, so no kernel reads a host array.
     */
    final synchronized DeviceStorage constant(int n, float value) {
        return constants.computeIfAbsent(((long) n << 32) | Float.floatToRawIntBits(value) & 0xffffffffL, k -> {
            DeviceStorage s = dispatch.allocate(n);
            fill(s, value);
            return s;
        });
    }

    /** Scratch storage for one kernel's results: dies with the caller's reference. */
    final DeviceStorage scratch(int n) {
        return dispatch.allocate(n);
    }

    /** Values a kernel left in scratch storage, read on the host (one counted transfer). */
    final float[] read(DeviceStorage s) {
        return dispatch.download(s, 0, s.length);
    }

    /** Host values for one launch (a drop-path mask, say) as device storage. */
    final DeviceStorage put(float[] values) {
        DeviceStorage s = dispatch.allocate(values.length);
        dispatch.upload(values, 0, s, 0, values.length);
        return s;
    }

    /** Kernels that pair elements one to one name both shapes when the sizes differ. */
    static void requireSize(String op, Tensor a, Tensor b) {
        if (a.numel() != b.numel()) {
            throw new IllegalArgumentException(op + ": sizes differ: " + Shapes.str(a.shape()) + " vs " + Shapes.str(b.shape()));
        }
    }
}
