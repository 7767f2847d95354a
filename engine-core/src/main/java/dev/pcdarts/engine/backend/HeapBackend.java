package dev.pcdarts.engine.backend;

import dev.pcdarts.engine.tensor.HeapStorage;
import dev.pcdarts.engine.tensor.Shapes;
import dev.pcdarts.engine.tensor.Storage;
import dev.pcdarts.engine.tensor.Tensor;

/**
 * The memory half of a backend whose tensors live in heap {@code float[]}s between kernels: the
 * CPU backend, and device backends that copy to and from the device per launch.
 */
public abstract class HeapBackend implements Backend {
    private final StepMemoryPlanner planner = new StepMemoryPlanner();

    @Override
    public final Storage allocate(long n) {
        return planner.allocate(heapLength(n), true);
    }

    @Override
    public final Storage allocateEmpty(long n) {
        return planner.allocate(heapLength(n), false);
    }

    private static int heapLength(long n) {
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("tensor of " + n + " floats is too large for a heap array");
        return (int) n;
    }

    @Override
    public final Storage upload(float[] values) {
        HeapStorage h = planner.allocate(values.length, false);
        System.arraycopy(values, 0, h.array(), 0, values.length);
        return h;
    }

    @Override
    public final void markStep() {
        planner.markStep();
    }

    @Override
    public final java.util.Map<String, Object> memoryStats() {
        return planner.stats();
    }

    @Override
    public final float[] download(Tensor t) {
        return t.data().clone();
    }

    @Override
    public final void write(Tensor t, float[] values) {
        System.arraycopy(values, 0, t.data(), 0, values.length);
    }

    /** The weight is a heap value here, so it is read directly and the step is a plain axpy. */
    @Override
    public final void axpyIndexed(Tensor w, int index, Tensor x, Tensor y) {
        axpy(w.data()[index], x, y);
    }

    @Override
    public final void scaleIndexed(Tensor w, int index, Tensor x, Tensor out) {
        scale(x, w.data()[index], out);
    }

    /** Kernels that pair elements one to one name both shapes when the sizes differ. */
    protected static void requireSize(String op, Tensor a, Tensor b) {
        if (a.numel() != b.numel()) {
            throw new IllegalArgumentException(op + ": sizes differ: " + Shapes.str(a.shape()) + " vs " + Shapes.str(b.shape()));
        }
    }
}
