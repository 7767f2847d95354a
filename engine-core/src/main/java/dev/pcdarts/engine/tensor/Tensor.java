package dev.pcdarts.engine.tensor;

import dev.pcdarts.engine.autograd.Autograd;
import dev.pcdarts.engine.autograd.Node;
import dev.pcdarts.engine.backend.Backend;
import java.util.Arrays;

/**
 * A float32 tensor: a shape, the backend that owns its storage, and its autograd state.
 * Row-major and contiguous; NCHW for images.
 */
public final class Tensor {
    private final int[] shape;
    private final Backend backend;
    private final Storage storage;
    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;

    public Tensor(Backend backend, Storage storage, int... shape) {
        this.shape = shape.clone();
        this.backend = backend;
        this.storage = storage;
        if (storage.length() != Shapes.numel(shape)) {
            throw new IllegalArgumentException("storage of " + storage.length() + " floats for shape " + Shapes.str(shape));
        }
    }

    /** A zero-filled tensor. */
    public static Tensor zeros(Backend backend, int... shape) {
        return new Tensor(backend, backend.allocate(Shapes.numel(shape)), shape);
    }

    /**
     * A tensor whose values are unspecified, for an operator output that the next kernel
     * overwrites whole (the Backend contract for every kernel that does not say it accumulates).
     */
    public static Tensor empty(Backend backend, int... shape) {
        return new Tensor(backend, backend.allocateEmpty(Shapes.numel(shape)), shape);
    }

    /** {@link #empty} of this tensor's shape and backend. */
    public Tensor emptyLike() {
        return empty(backend, shape);
    }

    /** A tensor holding a copy of {@code values}. */
    public static Tensor of(Backend backend, float[] values, int... shape) {
        if (values.length != Shapes.numel(shape)) {
            throw new IllegalArgumentException(values.length + " values for shape " + Shapes.str(shape));
        }
        return new Tensor(backend, backend.upload(values), shape);
    }

    /** A new zero tensor of the same shape on the same backend. */
    public Tensor zerosLike() {
        return zeros(backend, shape);
    }

    public int[] shape() { return shape.clone(); }
    public int dim(int i) { return shape[i < 0 ? shape.length + i : i]; }
    public int rank() { return shape.length; }
    public long numel() { return storage.length(); }
    public int size() { return Math.toIntExact(storage.length()); }
    public Backend backend() { return backend; }
    public Storage storage() { return storage; }

    /** The heap array behind this tensor (CPU backends only). */
    public float[] data() {
        if (storage instanceof HeapStorage h) return h.array();
        throw new IllegalStateException("tensor lives on backend " + backend.name() + ", not on the heap; use toArray()");
    }

    /** A copy of the values on the heap, whatever the backend. */
    public float[] toArray() { return backend.download(this); }

    public float item() {
        if (numel() != 1) throw new IllegalStateException("item() of a tensor of shape " + Shapes.str(shape));
        return toArray()[0];
    }

    /** Overwrites the values from {@code values}. */
    public void copyFrom(float[] values) {
        if (values.length != numel()) throw new IllegalArgumentException(values.length + " values into shape " + Shapes.str(shape));
        backend.write(this, values);
    }

    /** A tensor of another shape over the same storage (no autograd link). */
    public Tensor viewAs(int... newShape) {
        return new Tensor(backend, storage, newShape);
    }

    public boolean requiresGrad() { return requiresGrad; }
    public Tensor requiresGrad(boolean r) { this.requiresGrad = r; return this; }
    public Tensor grad() { return grad; }
    public void setGrad(Tensor g) { this.grad = g; }
    public Node gradFn() { return gradFn; }

    /** Called by operators: links this output to the node that made it. */
    public void setGradFn(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
    }

    /** A leaf: requires grad and was not produced by an operator. */
    public boolean isLeaf() { return gradFn == null; }

    /** A copy without autograd history. */
    public Tensor detachCopy() {
        Tensor t = empty(backend, shape);
        backend.copy(this, t);
        return t;
    }

    /** Backpropagates from this scalar with upstream gradient 1. */
    public void backward() { Autograd.backward(this); }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + (requiresGrad ? "(grad)" : "");
    }
}
