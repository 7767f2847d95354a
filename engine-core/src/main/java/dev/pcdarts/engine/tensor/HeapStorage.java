package dev.pcdarts.engine.tensor;

/**
 * Storage on the Java heap: one {@code float[]}. A storage handed out by a memory plan carries a
 * {@link Lease}, told of every use, so that the plan can learn lifetimes and catch a use after
 * its memory went to another tensor; a plain one has none and costs nothing extra.
 */
public final class HeapStorage implements Storage {
    private final float[] array;
    private final Lease lease;

    public HeapStorage(float[] array) {
        this(array, null);
    }

    public HeapStorage(float[] array, Lease lease) {
        this.array = array;
        this.lease = lease;
    }

    /** The array, after telling the lease (if any) that it is being used now. */
    public float[] array() {
        if (lease != null) lease.use(this);
        return array;
    }

    @Override
    public long length() {
        return array.length;
    }

    /** What a memory plan attaches to the storages it hands out. */
    public interface Lease {
        /** Called on every access to the array, on the thread that calls the kernel. */
        void use(HeapStorage storage);
    }
}
